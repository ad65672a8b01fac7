import { getDb } from '@/db/client';
import { can } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { getQueryDigest } from '@/lib/services/account/set-query-digest';
import { QueryDigestForm } from './query-digest-form';

/** The account page's section on e-mail notices of data queries (see app/account/page.tsx). */
export async function QueryNoticesSection({ user }: { user: CurrentUser }) {
  const investigator = can(user, 'query.answer');
  return (
    <section className="card" aria-labelledby="query-notices-title">
      <h2 id="query-notices-title">Query notices by e-mail</h2>
      {investigator
        ? <QueryDigestForm digest={await getQueryDigest(await getDb(), user)} />
        : <p className="muted">{can(user, 'query.raise') ? 'You get an e-mail when a data query you raised is answered.' : 'Your role receives no query notices.'}</p>}
    </section>
  );
}
