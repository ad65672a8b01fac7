import { CrfFormPage } from '@/components/crf/crf-form-page';

export const metadata = { title: 'Response form' };

export default function ResponsePage({ params }: { params: Promise<{ code: string }> }) {
  return <CrfFormPage params={params} form="response" />;
}
