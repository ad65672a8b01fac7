import Link from 'next/link';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { listCentreChoices } from '@/lib/services/centres/list-centres';
import { UserCreateForm } from '@/components/admin/user-create-form';

export const metadata = { title: 'New account' };

export default async function NewUserPage() {
  const user = await requireUser('admin.users');
  const centres = await listCentreChoices(await getDb(), user);
  return (
    <section>
      <p><Link href="/admin/users">← All users</Link></p>
      <h1>New account</h1>
      <div className="card"><UserCreateForm centres={centres} /></div>
    </section>
  );
}
