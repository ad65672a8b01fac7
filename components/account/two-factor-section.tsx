import Link from 'next/link';
import { getDb } from '@/db/client';
import type { CurrentUser } from '@/lib/auth/sessions';
import { secondFactorRequired } from '@/lib/auth/totp/policy';
import { twoFactorStatus } from '@/lib/services/two-factor/status';

/** The account page's section on two-factor login (one section of several: see app/account/page.tsx). */
export async function TwoFactorSection({ user }: { user: CurrentUser }) {
  const status = await twoFactorStatus(await getDb(), user.id);
  const required = secondFactorRequired(user.role);
  return (
    <section className="card" aria-labelledby="two-factor-title">
      <h2 id="two-factor-title">Two-factor login</h2>
      {status.enrolled ? (
        <>
          <p data-testid="two-factor-status">On since {status.enrolledAt?.toISOString().slice(0, 16).replace('T', ' ')} UTC.
            {' '}{status.recoveryCodesLeft} of 10 recovery codes left.</p>
          <p className="muted">Lost your phone or used up your recovery codes? An administrator can reset your second factor.</p>
        </>
      ) : (
        <>
          <p data-testid="two-factor-status">Off. {required ? 'Your role requires it.' : 'Optional for your role; recommended.'}</p>
          <p><Link href="/account/two-factor">Set up two-factor login</Link></p>
        </>
      )}
    </section>
  );
}
