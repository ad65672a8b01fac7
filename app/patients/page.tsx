import Link from 'next/link';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { pageWindow } from '@/lib/paging';
import { countPatientsForUser, listCentreOptions, listPatientsForUser, PATIENT_PAGE_SIZE } from '@/lib/services/patients/read-patients';

export const metadata = { title: 'Patients' };

export default async function PatientsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser('patient.read');
  const sp = await searchParams;
  const centre = typeof sp.centre === 'string' && sp.centre ? sp.centre : undefined;
  const q = typeof sp.q === 'string' && sp.q ? sp.q.slice(0, 40) : undefined;
  const requested = typeof sp.page === 'string' && /^\d{1,6}$/.test(sp.page) ? Math.max(1, Number(sp.page)) : 1;
  const db = await getDb();
  const filter = { centreCode: centre, search: q };
  const [firstTry, total, centreOptions] = await Promise.all([
    listPatientsForUser(db, user, filter, requested),
    countPatientsForUser(db, user, filter),
    listCentreOptions(db, user),
  ]);
  // A page past the end (stale link, edited URL) shows the last page, with a note, not an empty one.
  const { page, pages, first, last, clamped } = pageWindow(requested, total, PATIENT_PAGE_SIZE);
  const rows = clamped ? await listPatientsForUser(db, user, filter, page) : firstTry;
  const pageHref = (n: number) => `/patients?${new URLSearchParams({ ...(centre ? { centre } : {}), ...(q ? { q } : {}), page: String(n) })}`;
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
        <button type="submit">Filter</button>
        {user.role === 'investigator' ? <Link className="button secondary" href="/patients/new">Register a patient</Link> : null}
        <Link className="button secondary" href={`/patients/checks${centre ? `?centre=${encodeURIComponent(centre)}` : ''}`}>Edit checks</Link>
      </form>
      {clamped ? <p className="notice" role="status" data-testid="page-clamped">There is no page {requested}: showing the last page ({page} of {pages}).</p> : null}
      <p className="muted"><span data-testid="patient-count">{total} patient{total === 1 ? '' : 's'}</span>
        {pages > 1 ? ` · showing ${first}–${last}` : ''}</p>
      <div className="table-wrap">
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
      </div>
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
