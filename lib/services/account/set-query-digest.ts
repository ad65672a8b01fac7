import 'server-only';
/** The account page's choice: query notices one mail each, or one daily digest (audited). */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import { recordEvent } from '@/lib/services/audit/record-event';
import type { QueryDigestInput } from '@/lib/validation/password-link';

export interface AccountUser { id: number; email: string; centreId: number | null }

export async function getQueryDigest(db: Db, user: AccountUser): Promise<boolean> {
  const [row] = await db.select({ digest: users.queryDigest }).from(users).where(eq(users.id, user.id)).limit(1);
  return row?.digest ?? false;
}

export async function setQueryDigest(db: Db, user: AccountUser, input: QueryDigestInput): Promise<{ digest: boolean; changed: boolean }> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ digest: users.queryDigest }).from(users).where(eq(users.id, user.id)).for('update');
    if (!before || before.digest === input.digest) return { digest: input.digest, changed: false };
    await tx.update(users).set({ queryDigest: input.digest, updatedAt: sql`now()` }).where(eq(users.id, user.id));
    await recordEvent(tx, {
      actor: { id: user.id, label: user.email }, action: 'notification_setting_changed', tableName: 'users', recordId: user.id,
      centreId: user.centreId, field: 'query_digest', oldValue: before.digest, newValue: input.digest,
    });
    return { digest: input.digest, changed: true };
  });
}
