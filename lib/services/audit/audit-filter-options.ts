import 'server-only';
/** Choices for the audit viewer's filters (users as labels only: no account details). */
import { asc } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { centres, users } from '@/db/schema';
import { can, type Principal } from '@/lib/auth/permissions';
import { forbidden } from '@/lib/services/errors';

export const AUDIT_TABLES = ['patients', 'baseline_forms', 'response_forms', 'discontinuation_forms', 'therapy_forms', 'subsequent_therapies',
  'follow_up_forms', 'data_queries', 'users', 'centres', 'sessions'] as const;
export const AUDIT_ACTIONS = ['insert', 'update', 'login', 'login_failed', 'logout', 'data_import', 'data_export', 'audit_export',
  'user_created', 'role_changed', 'password_reset', 'centre_created', 'centre_updated'] as const;

export async function auditFilterOptions(db: Db, user: Principal) {
  if (!can(user, 'audit.view')) throw forbidden();
  const [userRows, centreRows] = await Promise.all([
    db.select({ id: users.id, label: users.email }).from(users).orderBy(asc(users.email)),
    db.select({ id: centres.id, code: centres.code }).from(centres).orderBy(asc(centres.code)),
  ]);
  return { users: userRows, centres: centreRows, tables: AUDIT_TABLES, actions: AUDIT_ACTIONS };
}
