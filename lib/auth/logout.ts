/**
 * Logout: revokes the session and records the event in the audit trail with the login events
 * (security check 18), in one transaction. A session already revoked or unknown is a no-op.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { sessions, users } from '@/db/schema';
import { recordEvent } from '@/lib/services/audit/record-event';

export async function logout(db: Db, sessionId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [ended] = await tx.update(sessions).set({ revokedAt: sql`now()` })
      .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
      .returning({ userId: sessions.userId });
    if (!ended) return;
    const [u] = await tx.select({ email: users.email }).from(users).where(eq(users.id, ended.userId));
    await recordEvent(tx, {
      actor: { id: ended.userId, label: u?.email ?? `user ${ended.userId}` }, action: 'logout', tableName: 'users', recordId: ended.userId,
    });
  });
}
