import { RecordFormPage, seqOfParam } from '@/components/course/record-form-page';

export const metadata = { title: 'Course record' };

/** One instance of a course record ("/patients/PL-01-007/adverse-events/3"). */
export default async function RecordPage({ params, searchParams }: {
  params: Promise<{ code: string; record: string; seq: string }>; searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { code, record, seq } = await params;
  const saved = (await searchParams).saved;
  const version = typeof saved === 'string' && /^\d{1,6}$/.test(saved) ? Number(saved) : undefined;
  return <RecordFormPage code={code} slug={record} seq={seqOfParam(seq)} saved={version} />;
}
