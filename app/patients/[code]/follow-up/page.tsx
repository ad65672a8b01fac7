import { CrfFormPage } from '@/components/crf/crf-form-page';

export const metadata = { title: 'Follow-up form' };

export default function FollowUpPage({ params }: { params: Promise<{ code: string }> }) {
  return <CrfFormPage params={params} form="follow-up" />;
}
