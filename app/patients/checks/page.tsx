import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { ServiceError } from '@/lib/services/errors';
import { editCheckReport, type CheckKind } from '@/lib/services/crf/edit-checks';
import { FORM_LABELS } from '@/lib/validation/forms';

export const metadata = { title: 'Edit checks' };

const KIND_LABELS: Record<CheckKind, string> = {
  missing_form: 'Form missing', missing_field: 'Required field missing', inconsistent: 'Impossible / inconsistent',
  open_query: 'Open query', not_complete: 'Not complete',
};

export default async function EditChecksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser('patient.read');
  const sp = await searchParams;
  const centreCode = typeof sp.centre === 'string' && sp.centre ? sp.centre : null;
  let report;
  try {
    report = await editCheckReport(await getDb(), user, centreCode);
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'not_found') notFound();
    throw err;
  }
  const counts = new Map<CheckKind, number>();
  for (const r of report.rows) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  return (
    <section>
      <h1>Edit checks{report.centre ? ` · ${report.centre.code}` : ''}</h1>
      {user.role !== 'investigator' ? (
        <form className="toolbar" method="get">
          <div className="field">
            <label htmlFor="centre">Centre</label>
            <select id="centre" name="centre" defaultValue={report.centre?.code ?? ''}>
              <option value="">Choose a centre…</option>
              {report.centres.map((c) => <option key={c.id} value={c.code}>{c.code} · {c.name}</option>)}
            </select>
          </div>
          <button type="submit">Show</button>
        </form>
      ) : null}
      {report.centre ? (
        <>
          <p className="muted" data-testid="check-counts">
            {report.rows.length} finding{report.rows.length === 1 ? '' : 's'}
            {[...counts].map(([k, n]) => ` · ${KIND_LABELS[k]}: ${n}`).join('')}
          </p>
          <div className="table-wrap">
            <table>
              <thead><tr><th>Patient</th><th>Form</th><th>Field</th><th>Check</th><th>Finding</th></tr></thead>
              <tbody>
                {report.rows.map((r, i) => (
                  <tr key={`${r.patientCode}-${i}`}>
                    <td><Link href={`/patients/${r.patientCode}`}>{r.patientCode}</Link></td>
                    <td><Link href={`/patients/${r.patientCode}/${r.form}`}>{FORM_LABELS[r.form]}</Link></td>
                    <td>{r.field ?? '—'}</td><td>{KIND_LABELS[r.kind]}</td><td>{r.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : <p className="muted">Choose a centre to see its edit checks.</p>}
    </section>
  );
}
