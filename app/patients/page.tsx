import Link from 'next/link';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { listCentreOptions, listPatientsForUser } from '@/lib/services/patients/read-patients';

export const metadata = { title: 'Patients' };

export default async function PatientsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser('patient.read');
  const sp = await searchParams;
  const centre = typeof sp.centre === 'string' && sp.centre ? sp.centre : undefined;
  const q = typeof sp.q === 'string' && sp.q ? sp.q.slice(0, 40) : undefined;
  const db = await getDb();
  const [rows, centreOptions] = await Promise.all([
    listPatientsForUser(db, user, { centreCode: centre, search: q }),
    listCentreOptions(db, user),
  ]);
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
      <p className="muted" data-testid="patient-count">{rows.length} patient{rows.length === 1 ? '' : 's'}</p>
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
    </section>
  );
}
