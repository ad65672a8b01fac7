import 'server-only';
/** What the account and admin pages show about a user's second factor. */
import { and, count, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { recoveryCodes, userTotp } from '@/db/schema';

export interface TwoFactorStatus { enrolled: boolean; enrolledAt: Date | null; recoveryCodesLeft: number }

export async function twoFactorStatus(db: Db, userId: number): Promise<TwoFactorStatus> {
  const [row] = await db.select({ confirmedAt: userTotp.confirmedAt }).from(userTotp).where(eq(userTotp.userId, userId)).limit(1);
  const [left] = await db.select({ n: count() }).from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt), isNull(recoveryCodes.revokedAt)));
  const enrolledAt = row?.confirmedAt ?? null;
  return { enrolled: enrolledAt !== null, enrolledAt, recoveryCodesLeft: Number(left?.n ?? 0) };
}
