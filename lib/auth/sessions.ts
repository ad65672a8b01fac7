/**
 * Server-side sessions. The signed cookie (next-auth JWT) carries only a session id; the row here
 * decides whether it is still valid: not revoked (logout, deactivation), not idle longer than
 * SESSION_IDLE_MINUTES, not older than SESSION_ABSOLUTE_HOURS. The user is re-read with it, so a
 * role change or deactivation takes effect on the next request on every instance.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { centres, sessions, users, userTotp } from '@/db/schema';
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

/** `secondFactorPending`: the password was right, the second factor is still to come (lib/auth/totp/). */
export async function createSession(db: Db, userId: number, now = new Date(), secondFactorPending = false): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + env().SESSION_ABSOLUTE_HOURS * 3600_000);
  await db.insert(sessions).values({ id, userId, createdAt: now, lastSeenAt: now, expiresAt, secondFactorPending });
  return id;
}

/**
 * What a valid session may do: `full` is logged in; `pending` has passed the password only and may
 * reach nothing but the second-factor step named (`code`: type a code; `enrol`: set up a second
 * factor first, because the role requires one) and logout. This is the one place that decides it:
 * resolveSession (and so every page and action) sees a pending session as no session at all.
 */
export type SessionState =
  | { kind: 'full'; user: CurrentUser }
  | { kind: 'pending'; step: 'code' | 'enrol'; user: CurrentUser };

/** The session's user if the session is fully logged in now (see SessionState). */
export async function resolveSession(db: Db, sessionId: string, now = new Date()): Promise<CurrentUser | null> {
  const state = await resolveSessionState(db, sessionId, now);
  return state?.kind === 'full' ? state.user : null;
}

/** The session's state if the session is valid now; touches last_seen_at (at most once a minute). */
export async function resolveSessionState(db: Db, sessionId: string, now = new Date()): Promise<SessionState | null> {
  const idleCutoff = new Date(now.getTime() - env().SESSION_IDLE_MINUTES * 60_000);
  const rows = await db
    .select({
      id: users.id, email: users.email, displayName: users.displayName, role: users.role,
      centreId: users.centreId, centreCode: centres.code, centreActive: centres.active,
      lastSeenAt: sessions.lastSeenAt, secondFactorPending: sessions.secondFactorPending, totpConfirmedAt: userTotp.confirmedAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(centres, eq(centres.id, users.centreId))
    .leftJoin(userTotp, eq(userTotp.userId, users.id))
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
  const user: CurrentUser = {
    id: row.id, email: row.email, displayName: row.displayName, role: row.role,
    centreId: row.centreId, centreCode: row.centreCode, sessionId,
  };
  // Whether a second factor is due was decided when the session was opened (authenticate.ts
  // secondFactorStepAtLogin; single sign-on may waive it by setting), so it is read from the session,
  // not re-derived from the role: a waived SSO session stays full. A pending session whose second
  // factor is gone (an admin reset) must enrol: fail closed.
  if (row.secondFactorPending) return { kind: 'pending', step: row.totpConfirmedAt !== null ? 'code' : 'enrol', user };
  return { kind: 'full', user };
}

/** The second factor is done for this session: it becomes a full login. */
export async function completeSecondFactor(db: Db, sessionId: string): Promise<void> {
  await db.update(sessions).set({ secondFactorPending: false }).where(eq(sessions.id, sessionId));
}

export async function revokeSession(db: Db, sessionId: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: sql`now()` }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** Ends every open session of a user (deactivation, password reset, role change). */
export async function revokeUserSessions(db: Db, userId: number): Promise<void> {
  await db.update(sessions).set({ revokedAt: sql`now()` }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}
