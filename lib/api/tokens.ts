import 'server-only';
/**
 * Personal access tokens of the data API. A token is `cllr_` + 43 base64url characters (256 random
 * bits): the prefix makes a leaked one recognisable to secret scanners, the randomness makes a plain
 * SHA-256 enough to store it (nothing to brute-force, unlike a password). The token is shown once,
 * at creation; afterwards only its first characters (`prefix`) are.
 *
 * A token is read-only and acts as its owner: the owner is re-read on every request, and the token
 * stops working the moment the owner is deactivated or their role or centre differs from the ones
 * stored at creation, or it expires or is revoked. Creation, revocation and refused uses are audited.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Actor } from '@/db/audit-context';
import type { Db, Tx } from '@/db/client';
import { apiTokens, auditLog, centres, users } from '@/db/schema';
import { can, type Principal, type Role } from '@/lib/auth/permissions';
import { recordEvent } from '@/lib/services/audit/record-event';
import { forbidden, invalid, notFound } from '@/lib/services/errors';
import { unauthorized } from './problem';

export const TOKEN_PREFIX = 'cllr_';
/** Characters of the token shown in lists (prefix + 6). */
const SHOWN = TOKEN_PREFIX.length + 6;
export const MAX_TOKEN_DAYS = 365;
export const TOKEN_NAME_MAX = 80;
const TOKEN_PATTERN = /^cllr_[A-Za-z0-9_-]{43}$/;

export type TokenOwner = Principal & { email: string };

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newTokenValue(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export interface CreatedToken { id: number; token: string; name: string; expiresAt: Date }

/** Makes a token for the user themself (any role may: the token can only read what they can). */
export async function createApiToken(db: Db, user: TokenOwner, input: { name: string; days: number }, now = new Date()): Promise<CreatedToken> {
  const name = input.name.trim();
  if (name.length < 1 || name.length > TOKEN_NAME_MAX) throw invalid(`Give the token a name of 1 to ${TOKEN_NAME_MAX} characters.`, { name: ['Required, at most 80 characters.'] });
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_TOKEN_DAYS) {
    throw invalid(`A token expires after 1 to ${MAX_TOKEN_DAYS} days.`, { days: [`1 to ${MAX_TOKEN_DAYS} days.`] });
  }
  if (!can(user, 'patient.read')) throw forbidden();
  const token = newTokenValue();
  const expiresAt = new Date(now.getTime() + input.days * 86_400_000);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(apiTokens).values({
      userId: user.id, name, tokenHash: hashToken(token), prefix: token.slice(0, SHOWN), role: user.role, centreId: user.centreId, expiresAt,
    }).returning({ id: apiTokens.id });
    if (!row) throw new Error('token not stored');
    await recordEvent(tx, {
      actor: { id: user.id, label: user.email }, action: 'api_token_created', tableName: 'api_tokens', recordId: row.id,
      centreId: user.centreId, newValue: name, details: { expiresAt: expiresAt.toISOString() },
    });
    return { id: row.id, token, name, expiresAt };
  });
}

export interface TokenListItem {
  id: number; name: string; prefix: string; createdAt: Date; expiresAt: Date; lastUsedAt: Date | null; revokedAt: Date | null;
  ownerId: number; ownerEmail: string; ownerRole: Role; centreCode: string | null;
}

const listColumns = {
  id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt, ownerId: users.id, ownerEmail: users.email, ownerRole: apiTokens.role,
  centreCode: centres.code,
};

/** The user's own tokens, newest first (revoked and expired ones too, so the list explains itself). */
export async function listOwnApiTokens(db: Db, user: Principal): Promise<TokenListItem[]> {
  return db.select(listColumns).from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId))
    .leftJoin(centres, eq(centres.id, apiTokens.centreId)).where(eq(apiTokens.userId, user.id)).orderBy(desc(apiTokens.id));
}

/** Every user's tokens, for the admin page. */
export async function listAllApiTokens(db: Db, admin: Principal): Promise<TokenListItem[]> {
  if (!can(admin, 'admin.users')) throw forbidden();
  return db.select(listColumns).from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId))
    .leftJoin(centres, eq(centres.id, apiTokens.centreId)).orderBy(desc(apiTokens.id));
}

/** Revokes a token: its owner, or an admin for anyone's. Another user's token is "not found" to a non-admin. */
export async function revokeApiToken(db: Db, actor: TokenOwner, tokenId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [t] = await tx.select({ id: apiTokens.id, userId: apiTokens.userId, revokedAt: apiTokens.revokedAt, name: apiTokens.name })
      .from(apiTokens).where(eq(apiTokens.id, tokenId)).for('update');
    if (!t || (t.userId !== actor.id && !can(actor, 'admin.users'))) throw notFound('No such token.');
    if (t.revokedAt) return;
    await tx.update(apiTokens).set({ revokedAt: sql`now()`, revokedBy: actor.id }).where(eq(apiTokens.id, tokenId));
    await recordEvent(tx, {
      actor: { id: actor.id, label: actor.email }, action: 'api_token_revoked', tableName: 'api_tokens', recordId: tokenId,
      oldValue: t.name, details: { owner: t.userId },
    });
  });
}

/**
 * Revokes every live token of a user whose rights change (role or centre changed, account
 * deactivated), in the caller's transaction. The per-request check already refuses them; revoking
 * makes it final, so changing the role back or reactivating the account does not revive old tokens.
 */
export async function revokeTokensOfUser(tx: Tx, actor: Actor, userId: number, why: string): Promise<void> {
  const revoked = await tx.update(apiTokens).set({ revokedAt: sql`now()`, revokedBy: typeof actor.id === 'number' ? actor.id : null })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id, name: apiTokens.name });
  for (const t of revoked) {
    await recordEvent(tx, {
      actor, action: 'api_token_revoked', tableName: 'api_tokens', recordId: t.id, oldValue: t.name, details: { owner: userId, why },
    });
  }
}

export interface TokenCaller { tokenId: number; user: TokenOwner }

/**
 * The caller of an API request from its Authorization header. Any failure is a 401 whose detail says
 * why (expired, revoked, owner changed): the holder already has the token, so the reason leaks nothing.
 */
export async function authenticateBearer(db: Db, authorization: string | null): Promise<TokenCaller> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m?.[1]) throw unauthorized('Send a personal access token as "Authorization: Bearer cllr_…" (make one on your account page). Session cookies are not accepted here.');
  const token = m[1];
  if (!TOKEN_PATTERN.test(token)) throw unauthorized('This is not a personal access token of this registry.');
  const [row] = await db.select({
    id: apiTokens.id, role: apiTokens.role, centreId: apiTokens.centreId, expiresAt: apiTokens.expiresAt, revokedAt: apiTokens.revokedAt,
    userId: users.id, email: users.email, userRole: users.role, userCentreId: users.centreId, active: users.active,
    expired: sql<boolean>`${apiTokens.expiresAt} <= now()`,
  }).from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId)).where(eq(apiTokens.tokenHash, hashToken(token)));
  if (!row) throw unauthorized('Unknown token: it was never issued here, or was mistyped.');
  const reason = row.revokedAt ? 'revoked' : row.expired ? 'expired'
    : !row.active ? 'owner_deactivated'
    : row.userRole !== row.role || row.userCentreId !== row.centreId ? 'owner_changed' : null;
  if (reason) {
    // Audited once a minute per token: a script retrying an expired token must not flood the audit
    // trail (every refusal is still answered 401; two instances may each write one, which is harmless).
    const recent = await db.select({ id: auditLog.id }).from(auditLog).where(and(
      eq(auditLog.tableName, 'api_tokens'), eq(auditLog.action, 'api_token_refused'), eq(auditLog.recordId, String(row.id)),
      sql`${auditLog.at} > now() - interval '1 minute'`,
    )).limit(1);
    if (recent.length === 0) {
      await recordEvent(db, {
        actor: { id: row.userId, label: row.email }, action: 'api_token_refused', tableName: 'api_tokens', recordId: row.id, reason,
      }).catch(() => undefined);
    }
    const detail: Record<string, string> = {
      revoked: 'This token was revoked.',
      expired: 'This token has expired: make a new one on your account page.',
      owner_deactivated: 'The account this token belongs to is deactivated.',
      owner_changed: "The owner's role or centre changed since this token was made: make a new one.",
    };
    throw unauthorized(detail[reason] ?? 'This token is not valid.');
  }
  // Last use, at most once a minute per token (a busy client would otherwise write on every call).
  await db.update(apiTokens).set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiTokens.id, row.id), sql`(${apiTokens.lastUsedAt} IS NULL OR ${apiTokens.lastUsedAt} < now() - interval '1 minute')`));
  return { tokenId: row.id, user: { id: row.userId, role: row.userRole, centreId: row.userCentreId, email: row.email } };
}
