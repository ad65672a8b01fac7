import 'server-only';
/**
 * Single-use links to set a password (invitation: 72 h, reset: 30 min). The token is 32 random bytes
 * sent only in the e-mail; the database keeps its SHA-256, so a copy of the database opens no
 * account. A new token of a purpose voids the user's earlier unused ones of that purpose.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { passwordTokens } from '@/db/schema';

export type TokenPurpose = 'invitation' | 'password_reset';

export const TOKEN_TTL_MINUTES: Record<TokenPurpose, number> = { invitation: 72 * 60, password_reset: 30 };

/** The page a link opens (app/password/set). */
export const SET_PASSWORD_PATH = '/password/set';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export async function issuePasswordToken(tx: Tx | Db, userId: number, purpose: TokenPurpose): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await tx.update(passwordTokens).set({ usedAt: sql`now()` })
    .where(and(eq(passwordTokens.userId, userId), eq(passwordTokens.purpose, purpose), isNull(passwordTokens.usedAt)));
  await tx.insert(passwordTokens).values({
    userId, purpose, tokenHash: hashToken(token),
    expiresAt: sql`now() + make_interval(mins => ${TOKEN_TTL_MINUTES[purpose]})`,
  });
  return token;
}
