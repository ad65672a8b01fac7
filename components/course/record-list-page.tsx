import 'server-only';
/**
 * A course record kind's list for one patient (all visits, all adverse events, …): one row per
 * instance in date order, its main answers as the dictionary shows them, status, open queries,
 * entered in error struck through; a link to each and to add one.
 */
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/permissions';
import { codeLabel, shortLabelOf, storedFieldsOf, valueKey, type FieldDef } from '@/lib/dictionary';
import { shownValue } from '@/lib/dictionary/form-values';
import { ServiceError } from '@/lib/services/errors';
import { readCourse } from '@/lib/services/course/read-course';
import { TableWrap } from '@/components/table-wrap';
import styles from './course.module.css';
import { kindOfSlug } from './record-form-page';
import { RecordNav } from './record-nav';

/** The columns of a list: the stored answers, without free text other than the AE term (it is on the record's page). */
function columnsOf(fields: FieldDef[]): FieldDef[] {
  return fields.filter((f) => f.type !== 'text' || f.widget === 'ctcae-term');
}

/** A stored answer in a table cell: a code by its short label, or by its label when the list has no short one ("Dose reduced", not "dose_reduced"). */
function cell(f: FieldDef, values: Record<string, unknown>): string {
  const v = values[valueKey(f)];
  if (f.codeList && f.type === 'code' && typeof v === 'string') {
    const short = codeLabel(f.codeList, v, 'short');
    return short === v ? codeLabel(f.codeList, v) : short;
  }
  return shownValue(f, values);
}

export async function RecordListPage({ code, slug }: { code: string; slug: string }) {
  const user = await requireUser('patient.read');
  const def = kindOfSlug(slug);
  let course;
  try {
    course = await readCourse(await getDb(), user, decodeURIComponent(code));
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'not_found') notFound();
    throw err;
  }
  const { patient } = course;
  const rows = course.instances.filter((i) => i.kind === def.kind);
  const cols = columnsOf(storedFieldsOf(def.kind)).filter((f) => valueKey(f) !== def.dateKey);
  const dateField = storedFieldsOf(def.kind).find((f) => valueKey(f) === def.dateKey);
  const base = `/patients/${patient.code}/${def.slug}`;
  const mayWrite = can(user, 'crf.write', { centreId: patient.centreId }) && patient.status === 'active';
  return (
    <section>
      <RecordNav code={patient.code} current={def.kind} />
      <h1>{def.plural} · <span className="nowrap">{patient.code}</span></h1>
      {mayWrite ? <p><Link href={`${base}/new`} className="button">Add {def.label.toLowerCase()}</Link></p> : null}
      {rows.length === 0 ? <p className="muted card">No {def.plural.toLowerCase()} recorded.</p> : (
        <div className="card">
          <TableWrap label={`${def.plural} of ${patient.code}`}>
            <table data-testid="record-list">
              <thead><tr>
                <th>#</th><th className="nowrap">{dateField ? shortLabelOf(dateField) : 'Date'}</th>
                {cols.map((f) => <th key={f.name}>{shortLabelOf(f)}</th>)}
                <th>Status</th><th className="num">Open queries</th>
              </tr></thead>
              <tbody>{rows.map((r) => (
                <tr key={r.seq} className={r.enteredInError ? styles.voidRow : undefined} data-testid="record-row">
                  <td className="nowrap"><Link href={`${base}/${r.seq}`}>{def.label} {r.seq}</Link></td>
                  <td className="nowrap">{r.date ?? '—'}</td>
                  {cols.map((f) => <td key={f.name}>{cell(f, r.values)}</td>)}
                  <td className="nowrap">{r.enteredInError ? 'entered in error' : <span className={`badge ${r.status}`}>{r.status}</span>}</td>
                  <td className="num">{r.openQueries || '—'}</td>
                </tr>
              ))}</tbody>
            </table>
          </TableWrap>
        </div>
      )}
    </section>
  );
}
