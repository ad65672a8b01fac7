/**
 * Server-side sessions. The signed cookie (next-auth JWT) carries only a session id; the row here
 * decides whether it is still valid: not revoked (logout, deactivation), not idle longer than
 * SESSION_IDLE_MINUTES, not older than SESSION_ABSOLUTE_HOURS. The user is re-read with it, so a
 * role change or deactivation takes effect on the next request on every instance.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { centres, sessions, users } from '@/db/schema';
import { env } from '@/lib/env';
import type { Role } from './permissions';

export interface CurrentUser {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  centreId: number | null;
  centreCode: string | null;
  sessionId: string;
}

export async function createSession(db: Db, userId: number, now = new Date()): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + env().SESSION_ABSOLUTE_HOURS * 3600_000);
  await db.insert(sessions).values({ id, userId, createdAt: now, lastSeenAt: now, expiresAt });
  return id;
}

/** The session's user if the session is valid now; touches last_seen_at (at most once a minute). */
export async function resolveSession(db: Db, sessionId: string, now = new Date()): Promise<CurrentUser | null> {
  const idleCutoff = new Date(now.getTime() - env().SESSION_IDLE_MINUTES * 60_000);
  const rows = await db
    .select({
      id: users.id, email: users.email, displayName: users.displayName, role: users.role,
      centreId: users.centreId, centreCode: centres.code, centreActive: centres.active,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(centres, eq(centres.id, users.centreId))
    .where(and(
      eq(sessions.id, sessionId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now),
      gt(sessions.lastSeenAt, idleCutoff), eq(users.active, true),
    ))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  // An investigator of a deactivated centre has nothing to work on: treat as logged out.
  if (row.role === 'investigator' && row.centreActive === false) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId));
  }
  return {
    id: row.id, email: row.email, displayName: row.displayName, role: row.role,
    centreId: row.centreId, centreCode: row.centreCode, sessionId,
  };
}

export async function revokeSession(db: Db, sessionId: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: sql`now()` }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** Ends every open session of a user (deactivation, password reset, role change). */
export async function revokeUserSessions(db: Db, userId: number): Promise<void> {
  await db.update(sessions).set({ revokedAt: sql`now()` }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}
