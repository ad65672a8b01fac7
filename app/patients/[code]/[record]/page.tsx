import { RecordListPage } from '@/components/course/record-list-page';

export const metadata = { title: 'Course records' };

/** All instances of one course record kind of a patient. */
export default async function RecordsPage({ params }: { params: Promise<{ code: string; record: string }> }) {
  const { code, record } = await params;
  return <RecordListPage code={code} slug={record} />;
}
