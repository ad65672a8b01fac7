import { CrfFormPage } from '@/components/crf/crf-form-page';

export const metadata = { title: 'Discontinuation form' };

export default function DiscontinuationPage({ params }: { params: Promise<{ code: string }> }) {
  return <CrfFormPage params={params} form="discontinuation" />;
}
