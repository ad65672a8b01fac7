import { CrfFormPage } from '@/components/crf/crf-form-page';

export const metadata = { title: 'Therapies form' };

export default function TherapiesPage({ params }: { params: Promise<{ code: string }> }) {
  return <CrfFormPage params={params} form="therapies" />;
}
