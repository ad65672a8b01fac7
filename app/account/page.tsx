import { requireUser } from '@/lib/auth/current-user';
import { TwoFactorSection } from '@/components/account/two-factor-section';
import { QueryNoticesSection } from '@/components/account/query-notices-section';
import { ApiTokensSection } from '@/components/account/api-tokens-section';

export const metadata = { title: 'Your account' };

/** The user's own account: one section per concern, each in its own component (components/account/). */
export default async function AccountPage() {
  const user = await requireUser();
  return (
    <section>
      <h1>Your account</h1>
      <p className="muted">{user.displayName} · {user.email} · {user.role}{user.centreCode ? ` · ${user.centreCode}` : ''}</p>
      <div className="grid-2">
        <TwoFactorSection user={user} />
        <QueryNoticesSection user={user} />
      </div>
      <ApiTokensSection user={user} />
    </section>
  );
}
