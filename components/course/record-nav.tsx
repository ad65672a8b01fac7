/** Navigation of a course record page: back to the record home, and the patient's record kinds. */
import Link from 'next/link';
import { RECORDS, type RecordKind } from '@/lib/dictionary';

export function RecordNav({ code, current }: { code: string; current: RecordKind }) {
  return (
    <>
      <p><Link href={`/patients/${code}`}>← Patient {code}</Link></p>
      <nav aria-label="Course records of this patient" className="toolbar">
        {RECORDS.map((r) => (r.kind === current
          ? <Link key={r.kind} href={`/patients/${code}/${r.slug}`} aria-current="page"><strong>{r.plural}</strong></Link>
          : <Link key={r.kind} href={`/patients/${code}/${r.slug}`}>{r.plural}</Link>))}
      </nav>
    </>
  );
}
