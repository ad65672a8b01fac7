import Link from 'next/link';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { listCentres } from '@/lib/services/centres/list-centres';
import { CentreCreateForm } from '@/components/admin/centre-create-form';
import { TableWrap } from '@/components/table-wrap';

export const metadata = { title: 'Centres' };

export default async function CentresPage() {
  const user = await requireUser('admin.centres');
  const rows = await listCentres(await getDb(), user);
  return (
    <section>
      <h1>Centres</h1>
      <p className="muted">A centre is never deleted: deactivating it logs out its investigators and keeps its patients in every analysis.</p>
      <TableWrap label="Centres">
        <table aria-label="Centres">
          <thead>
            <tr><th>Code</th><th>Name</th><th>City</th><th>Status</th><th className="num">Active users</th><th className="num">Patients</th><th>Actions</th></tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id} data-testid={`centre-${c.code}`}>
                <td>{c.code}</td><td>{c.name}</td><td>{c.city}</td>
                <td>{c.active ? <span className="badge verified">active</span> : <span className="badge alert">inactive</span>}</td>
                <td className="num">{c.activeUsers}</td><td className="num">{c.patients}</td>
                <td><Link href={`/admin/centres/${c.id}`} aria-label={`Manage centre ${c.code}`}>Manage</Link></td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <div className="card"><CentreCreateForm /></div>
    </section>
  );
}
