import 'server-only';
/** Accounts for the admin pages: selected column by column (no password hash), with the last login. */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { centres, users } from '@/db/schema';
import { can, type Principal } from '@/lib/auth/permissions';
import { forbidden, notFound } from '@/lib/services/errors';
import { toUserView, type UserView } from './user-view';

function userQuery(db: Db) {
  return db
    .select({
      id: users.id, email: users.email, displayName: users.displayName, role: users.role,
      centreId: users.centreId, centreCode: centres.code, active: users.active, createdAt: users.createdAt,
      // Every successful login opens a session row, so its newest creation time is the last login.
      lastLoginAt: sql<string | null>`(SELECT max(s.created_at) FROM sessions s WHERE s.user_id = "users"."id")`,
    })
    .from(users)
    .leftJoin(centres, eq(centres.id, users.centreId));
}

export async function listUsers(db: Db, user: Principal): Promise<UserView[]> {
  if (!can(user, 'admin.users')) throw forbidden();
  const rows = await userQuery(db).orderBy(asc(sql`lower(${users.email})`));
  return rows.map(toUserView);
}

export async function getUser(db: Db, user: Principal, id: number): Promise<UserView> {
  if (!can(user, 'admin.users')) throw forbidden();
  const [row] = await userQuery(db).where(eq(users.id, id)).limit(1);
  if (!row) throw notFound('User not found.');
  return toUserView(row);
}
