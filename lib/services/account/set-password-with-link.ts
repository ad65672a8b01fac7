import 'server-only';
/**
 * The page an invitation or reset link opens: checks the token (unused, unexpired, active account),
 * sets the password, spends the token and ends all the user's sessions, in one transaction, audited.
 * Every refusal says the same thing: a link that is unknown, used or expired is simply not valid.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { hashPassword } from '@/lib/auth/password';
import { revokeUserSessions } from '@/lib/auth/sessions';
import { recordEvent } from '@/lib/services/audit/record-event';
import { invalid } from '@/lib/services/errors';
import type { SetPasswordWithLinkInput } from '@/lib/validation/password-link';
import { hashToken, type TokenPurpose } from './password-tokens';

export const LINK_INVALID = 'This link is not valid any more (it was used, has expired or was replaced by a newer one). Ask for a new one.';

const rowsOf = <T,>(r: unknown): T[] => (r as { rows: T[] }).rows;

interface TokenRow { id: number; user_id: number; purpose: TokenPurpose; email: string; centre_id: number | null }

/** A valid token's account e-mail and purpose, for the page to show before the form; null when not valid. */
export async function checkPasswordLink(db: Db, token: string): Promise<{ email: string; purpose: TokenPurpose } | null> {
  const [row] = rowsOf<TokenRow>(await db.execute(sql`
    SELECT t.id, t.user_id, t.purpose, u.email, u.centre_id FROM password_tokens t JOIN users u ON u.id = t.user_id
    WHERE t.token_hash = ${hashToken(token)} AND t.used_at IS NULL AND t.expires_at > now() AND u.active`));
  return row ? { email: row.email, purpose: row.purpose } : null;
}

export async function setPasswordWithLink(db: Db, input: SetPasswordWithLinkInput): Promise<{ email: string; purpose: TokenPurpose }> {
  // Hash before the transaction: bcrypt takes a few hundred ms and must not hold row locks.
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [row] = rowsOf<TokenRow>(await tx.execute(sql`
      SELECT t.id, t.user_id, t.purpose, u.email, u.centre_id FROM password_tokens t JOIN users u ON u.id = t.user_id
      WHERE t.token_hash = ${hashToken(input.token)} AND t.used_at IS NULL AND t.expires_at > now() AND u.active
      FOR UPDATE OF t, u`));
    if (!row) throw invalid(LINK_INVALID);
    await tx.execute(sql`UPDATE password_tokens SET used_at = now() WHERE id = ${row.id}`);
    await tx.execute(sql`UPDATE users SET password_hash = ${passwordHash}, updated_at = now() WHERE id = ${row.user_id}`);
    await revokeUserSessions(tx, row.user_id);
    await recordEvent(tx, {
      actor: { id: row.user_id, label: row.email }, action: 'password_set_by_link', tableName: 'users', recordId: row.user_id,
      centreId: row.centre_id, details: { purpose: row.purpose, sessionsEnded: true },
    });
    return { email: row.email, purpose: row.purpose };
  });
}
