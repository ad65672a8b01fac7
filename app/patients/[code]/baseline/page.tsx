import { CrfFormPage } from '@/components/crf/crf-form-page';

export const metadata = { title: 'Baseline form' };

export default function BaselinePage({ params }: { params: Promise<{ code: string }> }) {
  return <CrfFormPage params={params} form="baseline" />;
}
