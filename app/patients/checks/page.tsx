import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { CHECK_KINDS, findingPlace, KIND_LABELS } from '@/lib/edit-checks/findings';
import { editCheckSearch, parseEditCheckParams } from '@/lib/edit-checks/params';
import { ServiceError } from '@/lib/services/errors';
import { editCheckView } from '@/lib/services/crf/edit-checks';
import { CentreSummaryTable } from './centre-summary';
import { TableWrap } from '@/components/table-wrap';

export const metadata = { title: 'Edit checks' };

export default async function EditChecksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser('patient.read');
  // Centre, kind and page as GET parameters (shareable links); an unknown kind or page is ignored with a notice.
  const { query, page: requested, notices } = parseEditCheckParams(await searchParams);
  let view;
  try {
    // Investigators: their own centre whatever is asked (another centre is "not found"); coordinators
    // and admins: all centres unless one is chosen.
    view = await editCheckView(await getDb(), user, query, requested);
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'not_found') notFound();
    throw err;
  }
  const { centre, window: w, rows, matching } = view;
  // (An investigator account without a centre sees nothing, not "all centres".)
  const allCentres = centre === null && user.role !== 'investigator';
  const pageHref = (n: number) => `/patients/checks${editCheckSearch(query, n)}`;
  const csvHref = `/data/export/edit-checks${editCheckSearch(query)}`;
  return (
    <section>
      <h1>Edit checks · {centre ? centre.code : allCentres ? 'all centres' : 'no centre'}</h1>
      <form className="toolbar" method="get">
        {user.role !== 'investigator' ? (
          <div className="field">
            <label htmlFor="centre">Centre</label>
            <select id="centre" name="centre" defaultValue={centre?.code ?? ''}>
              <option value="">All centres</option>
              {view.centres.map((c) => <option key={c.id} value={c.code}>{c.code} · {c.name}</option>)}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="kind">Check</label>
          <select id="kind" name="kind" defaultValue={query.kind ?? ''}>
            <option value="">All kinds</option>
            {CHECK_KINDS.map((k) => <option key={k} value={k}>{KIND_LABELS[k]}</option>)}
          </select>
        </div>
        <button type="submit">Show</button>
        <a className="button secondary" href={csvHref} download>Download CSV</a>
      </form>
      {notices.length ? (
        <div className="notice" role="status" data-testid="check-notices">
          {notices.map((n) => <div key={n}>{n}</div>)}
        </div>
      ) : null}
      {allCentres ? <CentreSummaryTable summary={view.summary} totals={view.totals} /> : null}
      {w.clamped ? <p className="notice" role="status" data-testid="page-clamped">There is no page {requested}: showing the last page ({w.page} of {w.pages}).</p> : null}
      <p className="muted" data-testid="check-counts">
        {matching} finding{matching === 1 ? '' : 's'}{query.kind ? ` (${KIND_LABELS[query.kind]})` : ''}
        {!query.kind ? CHECK_KINDS.filter((k) => view.totals.byKind[k]).map((k) => ` · ${KIND_LABELS[k]}: ${view.totals.byKind[k]}`).join('') : ''}
        {w.pages > 1 ? ` · showing ${w.first}–${w.last}` : ''}
      </p>
      <TableWrap label="Findings">
        <table data-testid="check-rows">
          <thead><tr>{allCentres ? <th>Centre</th> : null}<th>Patient</th><th>Form</th><th>Field</th><th>Check</th><th>Finding</th></tr></thead>
          <tbody>
            {rows.map((r, i) => {
              // A CRF or an instance of a repeating record ("Adverse event 3"), by its labels.
              const place = findingPlace(r);
              return (
                <tr key={`${r.patientCode}-${i}`}>
                  {allCentres ? <td>{r.centreCode}</td> : null}
                  <td className="nowrap"><Link href={`/patients/${r.patientCode}`}>{r.patientCode}</Link></td>
                  <td><Link href={place.href}>{place.formLabel}</Link></td>
                  <td>{place.fieldLabel}</td><td>{KIND_LABELS[r.kind]}</td><td>{r.message}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      {w.pages > 1 ? (
        <nav className="toolbar" aria-label="Pages">
          {w.page > 1 ? <Link href={pageHref(w.page - 1)}>← Previous</Link> : null}
          <span>Page {w.page} of {w.pages}</span>
          {w.page < w.pages ? <Link href={pageHref(w.page + 1)}>Next →</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}
