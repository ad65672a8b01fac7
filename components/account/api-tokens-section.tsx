import Link from 'next/link';
import { getDb } from '@/db/client';
import type { CurrentUser } from '@/lib/auth/sessions';
import { listOwnApiTokens, type TokenListItem } from '@/lib/api/tokens';
import { revokeApiTokenAction } from '@/app/account/api-token-actions';
import { ApiTokenCreateForm } from './api-token-create-form';
import { ApiTokenRevokeButton } from './api-token-revoke-button';
import { TableWrap } from '@/components/table-wrap';

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : 'never');
const minute = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'never');

export function tokenState(t: Pick<TokenListItem, 'revokedAt' | 'expiresAt'>, now = new Date()): 'revoked' | 'expired' | 'active' {
  return t.revokedAt ? 'revoked' : t.expiresAt <= now ? 'expired' : 'active';
}

/** The account page's personal access tokens for the data API (docs/api.md): make, list with last use, revoke. */
export async function ApiTokensSection({ user }: { user: CurrentUser }) {
  const tokens = await listOwnApiTokens(await getDb(), user);
  return (
    <section className="card" aria-labelledby="api-tokens-title">
      <h2 id="api-tokens-title">Data API tokens</h2>
      <p className="muted">
        Read-only tokens for scripts (R, Python) and other systems: a token reads what you can read, and stops working if
        your role or centre changes. See the <Link href="/api-docs">API documentation</Link>.
      </p>
      <ApiTokenCreateForm />
      {tokens.length ? (
        <TableWrap label="Your API tokens">
          <table aria-label="Your API tokens">
            <thead><tr><th>Name</th><th>Token</th><th>Made</th><th>Expires</th><th>Last used</th><th>Status</th><th /></tr></thead>
            <tbody>
              {tokens.map((t) => {
                const state = tokenState(t);
                return (
                  <tr key={t.id} data-testid={`api-token-${t.id}`}>
                    <td>{t.name}</td><td><code>{t.prefix}…</code></td><td className="nowrap">{day(t.createdAt)}</td>
                    <td className="nowrap">{day(t.expiresAt)}</td><td className="nowrap">{minute(t.lastUsedAt)}</td>
                    <td>{state === 'active' ? <span className="badge verified">active</span> : <span className="badge alert">{state}</span>}</td>
                    <td>{state === 'active' ? <ApiTokenRevokeButton id={t.id} name={t.name} action={revokeApiTokenAction} /> : null}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      ) : <p className="muted">You have no tokens.</p>}
    </section>
  );
}
