/**
 * How many active administrators the registry has, and the one line the server logs at start when
 * there is none (instrumentation.ts). No `server-only` line (unlike the other dal modules):
 * `npm run admin:create` (plain Node) reads it too. It returns a count, never a row.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';

export async function countActiveAdmins(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true)));
  return row?.n ?? 0;
}

/** Logged once at start on a database nobody can log in to yet (production, DEMO_SEED=off). */
export const NO_ADMIN_NOTICE =
  'No active administrator yet: create one with  npm run admin:create -- --email <e-mail> --name "<name>"  (docs/admin.md)';

export async function noAdminNotice(db: Db): Promise<string | null> {
  return (await countActiveAdmins(db)) === 0 ? NO_ADMIN_NOTICE : null;
}
