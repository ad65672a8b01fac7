import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { listAllApiTokens } from '@/lib/api/tokens';
import { tokenState } from '@/components/account/api-tokens-section';
import { ApiTokenRevokeButton } from '@/components/account/api-token-revoke-button';
import { utcMinute } from '../format';
import { adminRevokeApiTokenAction } from './actions';
import { TableWrap } from '@/components/table-wrap';

export const metadata = { title: 'API tokens' };

/** Every user's personal access tokens (data API): who, scope, last use; an admin can revoke any. */
export default async function ApiTokensPage() {
  const user = await requireUser('admin.users');
  const tokens = await listAllApiTokens(await getDb(), user);
  return (
    <section>
      <h1>API tokens</h1>
      <p className="muted">Personal access tokens of the data API (docs/api.md). Users make and revoke their own on their account page.</p>
      <TableWrap label="API tokens of all users">
        <table aria-label="API tokens of all users">
          <thead><tr><th>Owner</th><th>Role</th><th>Centre</th><th>Name</th><th>Token</th><th>Expires</th><th>Last used</th><th>Status</th><th /></tr></thead>
          <tbody>
            {tokens.map((t) => {
              const state = tokenState(t);
              return (
                <tr key={t.id} data-testid={`api-token-${t.id}`}>
                  <td>{t.ownerEmail}</td><td>{t.ownerRole}</td><td>{t.centreCode ?? '—'}</td><td>{t.name}</td><td><code>{t.prefix}…</code></td>
                  <td className="nowrap">{t.expiresAt.toISOString().slice(0, 10)}</td>
                  <td className="nowrap">{utcMinute(t.lastUsedAt?.toISOString() ?? null)}</td>
                  <td>{state === 'active' ? <span className="badge verified">active</span> : <span className="badge alert">{state}</span>}</td>
                  <td>{state === 'active' ? <ApiTokenRevokeButton id={t.id} name={`${t.name} of ${t.ownerEmail}`} action={adminRevokeApiTokenAction} /> : null}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      {tokens.length ? null : <p className="muted">No tokens yet.</p>}
    </section>
  );
}
