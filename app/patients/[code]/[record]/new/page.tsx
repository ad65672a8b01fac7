import { RecordFormPage } from '@/components/course/record-form-page';

export const metadata = { title: 'New course record' };

/** A new instance of a course record (visits, adverse-events, dose-periods, interruptions, tests). */
export default async function NewRecordPage({ params }: { params: Promise<{ code: string; record: string }> }) {
  const { code, record } = await params;
  return <RecordFormPage code={code} slug={record} seq={null} />;
}
