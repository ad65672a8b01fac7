import Link from 'next/link';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { countPatientsForUser, listCentreOptions, listPatientsForUser, PATIENT_PAGE_SIZE } from '@/lib/services/patients/read-patients';

export const metadata = { title: 'Patients' };

export default async function PatientsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser('patient.read');
  const sp = await searchParams;
  const centre = typeof sp.centre === 'string' && sp.centre ? sp.centre : undefined;
  const q = typeof sp.q === 'string' && sp.q ? sp.q.slice(0, 40) : undefined;
  const page = typeof sp.page === 'string' && /^\d{1,6}$/.test(sp.page) ? Math.max(1, Number(sp.page)) : 1;
  const db = await getDb();
  const filter = { centreCode: centre, search: q };
  const [rows, total, centreOptions] = await Promise.all([
    listPatientsForUser(db, user, filter, page),
    countPatientsForUser(db, user, filter),
    listCentreOptions(db, user),
  ]);
  const pages = Math.max(1, Math.ceil(total / PATIENT_PAGE_SIZE));
  const pageHref = (n: number) => `/patients?${new URLSearchParams({ ...(centre ? { centre } : {}), ...(q ? { q } : {}), page: String(n) })}`;
  const first = total === 0 ? 0 : (page - 1) * PATIENT_PAGE_SIZE + 1;
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
      <p className="muted"><span data-testid="patient-count">{total} patient{total === 1 ? '' : 's'}</span>
        {pages > 1 ? ` · showing ${first}–${first + rows.length - 1}` : ''}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr><th>Patient</th><th>Centre</th><th>Sex</th><th className="num">Birth year</th><th>Ibrutinib start</th>
              <th>Discontinued</th><th>Vital status</th><th>Open queries</th><th>Status</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td><Link href={`/patients/${r.code}`}>{r.code}</Link></td>
                <td>{r.centreCode}</td><td>{r.sex}</td><td className="num">{r.birthYear}</td>
                <td>{r.ibrutinibStart ?? '—'}</td><td>{r.discontinued ? 'yes' : 'no'}</td><td>{r.vitalStatus ?? '—'}</td>
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
