import Link from 'next/link';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { pageWindow } from '@/lib/paging';
import { parsePatientListParams, patientListSearch } from '@/lib/patients/list-params';
import { countPatientsForUser, listCentreOptions, listPatientsForUser, PATIENT_PAGE_SIZE } from '@/lib/services/patients/read-patients';
import { TableWrap } from '@/components/table-wrap';

export const metadata = { title: 'Patients' };

export default async function PatientsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser('patient.read');
  const sp = await searchParams;
  // Filters, sort and page as GET parameters (shareable links); bad values are ignored with a notice.
  const { query, page: requested, notices } = parsePatientListParams(sp);
  const db = await getDb();
  const centreOptions = await listCentreOptions(db, user);
  // A centre that does not exist, or is outside the caller's scope, is ignored and said so; the
  // service applies the caller's scope whatever is asked, so this is for the message, not for safety.
  if (query.centreCode && !centreOptions.some((c) => c.code === query.centreCode)) {
    notices.push(user.role === 'investigator'
      ? `Centre ${query.centreCode} is outside your centre (${user.centreCode ?? ''}); ignored.`
      : `There is no centre ${query.centreCode}; ignored.`);
    query.centreCode = undefined;
  }
  const centre = query.centreCode;
  const q = query.search;
  const [firstTry, total] = await Promise.all([
    listPatientsForUser(db, user, query, requested),
    countPatientsForUser(db, user, query),
  ]);
  // A page past the end (stale link, edited URL) shows the last page, with a note, not an empty one.
  const { page, pages, first, last, clamped } = pageWindow(requested, total, PATIENT_PAGE_SIZE);
  const rows = clamped ? await listPatientsForUser(db, user, query, page) : firstTry;
  const pageHref = (n: number) => `/patients?${patientListSearch(query, n)}`;
  const yesNo = query.discontinued === undefined ? '' : query.discontinued ? 'yes' : 'no';
  return (
    <section>
      <h1>Patients {user.role === 'investigator' ? `· ${user.centreCode}` : ''}</h1>
      <form className="toolbar" method="get" role="search">
        {user.role !== 'investigator' ? (
          <div className="field">
            <label htmlFor="centre">Centre</label>
            <select id="centre" name="centre" defaultValue={centre ?? ''}>
              <option value="">All centres</option>
              {centreOptions.map((c) => <option key={c.id} value={c.code}>{c.code} · {c.name}</option>)}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="q">Patient id</label>
          <input id="q" name="q" defaultValue={q ?? ''} placeholder="e.g. PL-01-005" />
        </div>
        <div className="field">
          <label htmlFor="status">Record status</label>
          <select id="status" name="status" defaultValue={query.status ?? ''}>
            <option value="">Any</option><option value="active">Active</option>
            <option value="withdrawn">Withdrawn</option><option value="entered_in_error">Entered in error</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="discontinued">Discontinued</label>
          <select id="discontinued" name="discontinued" defaultValue={yesNo}>
            <option value="">Any</option><option value="yes">Yes</option><option value="no">No</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="vital">Vital status</label>
          <select id="vital" name="vital" defaultValue={query.vital ?? ''}>
            <option value="">Any</option><option value="alive">Alive</option>
            <option value="dead">Dead</option><option value="unknown">Unknown</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="queries">Data queries</label>
          <select id="queries" name="queries" defaultValue={query.openQueries ? 'open' : ''}>
            <option value="">Any</option><option value="open">Has open queries</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="crf">CRFs</label>
          <select id="crf" name="crf" defaultValue={query.incomplete ? 'incomplete' : ''}>
            <option value="">Any</option><option value="incomplete">Incomplete</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="sort">Sort by</label>
          <select id="sort" name="sort" defaultValue={query.sort}>
            <option value="code">Patient id</option><option value="centre">Centre</option>
            <option value="ibrutinib">Ibrutinib start</option><option value="queries">Open queries</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="dir">Order</label>
          <select id="dir" name="dir" defaultValue={query.dir}>
            <option value="asc">Ascending</option><option value="desc">Descending</option>
          </select>
        </div>
        <button type="submit">Filter</button>
        <Link className="button secondary" href="/patients">Reset</Link>
        {user.role === 'investigator' ? <Link className="button secondary" href="/patients/new">Register a patient</Link> : null}
        <Link className="button secondary" href={`/patients/checks${centre ? `?centre=${encodeURIComponent(centre)}` : ''}`}>Edit checks</Link>
      </form>
      {notices.length ? (
        <div className="notice" role="status" data-testid="list-notices">
          {notices.map((n) => <div key={n}>{n}</div>)}
        </div>
      ) : null}
      {clamped ? <p className="notice" role="status" data-testid="page-clamped">There is no page {requested}: showing the last page ({page} of {pages}).</p> : null}
      <p className="muted"><span data-testid="patient-count">{total} patient{total === 1 ? '' : 's'}</span>
        {pages > 1 ? ` · showing ${first}–${last}` : ''}</p>
      <TableWrap label="Patients">
        <table>
          <thead>
            <tr><th>Patient</th><th>Centre</th><th>Sex</th><th className="num">Birth year</th><th>Ibrutinib start</th>
              <th>Discontinued</th><th>Vital status</th><th>Open queries</th><th>Status</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td className="nowrap"><Link href={`/patients/${r.code}`}>{r.code}</Link></td>
                <td>{r.centreCode}</td><td>{r.sex}</td><td className="num">{r.birthYear}</td>
                <td className="nowrap">{r.ibrutinibStart ?? '—'}</td><td>{r.discontinued ? 'yes' : 'no'}</td><td>{r.vitalStatus ?? '—'}</td>
                <td>{r.openQueries ? <span className="badge alert">{r.openQueries} open</span> : '—'}</td>
                <td>{r.status !== 'active' ? <span className="badge">{r.status}</span> : r.incompleteForms ? <span className="badge draft">{r.incompleteForms} form(s) to complete</span> : <span className="badge complete">complete</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {pages > 1 ? (
        <nav className="toolbar" aria-label="Pages">
          {page > 1 ? <Link href={pageHref(page - 1)}>← Previous</Link> : null}
          <span>Page {page} of {pages}</span>
          {page < pages ? <Link href={pageHref(page + 1)}>Next →</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}
