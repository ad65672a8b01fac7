/**
 * How many active administrators the registry has. No `server-only` line (unlike the other dal
 * modules): `npm start` (scripts/prepare-db.ts, plain Node) reads it to tell an operator of a fresh
 * production database how to create the first one. It returns a count, never a row.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';

export async function countActiveAdmins(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true)));
  return row?.n ?? 0;
}
