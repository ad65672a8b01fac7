import Link from 'next/link';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { listUsers } from '@/lib/services/users/list-users';
import { utcMinute } from '../format';
import { MailDeliveryNotice } from '@/components/admin/mail-delivery-notice';
import { TableWrap } from '@/components/table-wrap';

export const metadata = { title: 'Users' };

export default async function UsersPage() {
  const user = await requireUser('admin.users');
  const rows = await listUsers(await getDb(), user);
  return (
    <section>
      <h1>Users</h1>
      <MailDeliveryNotice />
      <div className="toolbar"><Link className="button" href="/admin/users/new">New account</Link> <Link href="/admin/api-tokens">API tokens</Link></div>
      <TableWrap label="User accounts">
        <table aria-label="User accounts">
          <thead>
            <tr><th>Email</th><th>Name</th><th>Role</th><th>Centre</th><th>Status</th><th>Last login</th><th>Actions</th></tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.id} data-testid={`user-${u.email}`}>
                <td>{u.email}</td><td>{u.displayName}</td><td>{u.role}</td><td>{u.centreCode ?? '—'}</td>
                <td>{u.active ? <span className="badge verified">active</span> : <span className="badge alert">inactive</span>}</td>
                <td className="nowrap">{utcMinute(u.lastLoginAt)}</td>
                <td><Link href={`/admin/users/${u.id}`} aria-label={`Manage ${u.email}`}>Manage</Link></td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
