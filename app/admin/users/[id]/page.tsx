import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { listCentreChoices } from '@/lib/services/centres/list-centres';
import { ServiceError } from '@/lib/services/errors';
import { getUser } from '@/lib/services/users/list-users';
import { ActiveToggle } from '@/components/admin/active-toggle';
import { FlashNotice } from '@/components/admin/flash-notice';
import { UserPasswordForm } from '@/components/admin/user-password-form';
import { UserRoleForm } from '@/components/admin/user-role-form';
import { SecondFactorResetForm } from '@/components/admin/second-factor-reset-form';
import { twoFactorStatus } from '@/lib/services/two-factor/status';
import { parseId, utcMinute } from '../../format';
import { setUserActiveAction } from '../actions';

export const metadata = { title: 'Account' };

export default async function UserPage({ params, searchParams }: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requireUser('admin.users');
  const id = parseId((await params).id);
  if (id === null) notFound();
  const db = await getDb();
  const account = await getUser(db, me, id).catch((err: unknown) => {
    if (err instanceof ServiceError && err.code === 'not_found') return null;
    throw err;
  });
  if (!account) notFound();
  const centres = await listCentreChoices(db, me);
  const createdParam = (await searchParams).created;
  const created = createdParam === '1';
  const invited = createdParam === 'invited';
  const self = account.id === me.id;
  return (
    <section>
      <p><Link href="/admin/users">← All users</Link></p>
      <h1>{account.displayName}</h1>
      {created ? <FlashNotice param="created">Account created. It can log in now with the initial password.</FlashNotice> : null}
      {invited ? <FlashNotice param="created">Account created. An invitation to choose a password was e-mailed to {account.email} (the link is valid 72 hours).</FlashNotice> : null}
      <div className="grid-2">
        <div className="card">
          <dl className="facts">
            <dt>Email</dt><dd data-testid="account-email">{account.email}</dd>
            <dt>Role</dt><dd data-testid="account-role">{account.role}</dd>
            <dt>Centre</dt><dd>{account.centreCode ?? '— (all centres)'}</dd>
            <dt>Status</dt><dd data-testid="account-status">{account.active ? 'active' : 'inactive'}</dd>
            <dt>Last login</dt><dd>{utcMinute(account.lastLoginAt)}</dd>
            <dt>Created</dt><dd>{utcMinute(account.createdAt)}</dd>
          </dl>
          <ActiveToggle id={account.id} active={account.active} subject={self ? 'your own account' : `account ${account.email}`}
            consequence={self ? 'You will be logged out at once.' : 'Their open sessions end at once and they cannot log in.'}
            action={setUserActiveAction} />
        </div>
        <div className="card">
          <UserRoleForm user={account} centres={centres} self={self} />
        </div>
        <div className="card"><UserPasswordForm userId={account.id} self={self} /></div>
        <div className="card">
          <SecondFactorResetForm userId={account.id} self={self} enrolled={(await twoFactorStatus(db, account.id)).enrolled} />
        </div>
      </div>
    </section>
  );
}
