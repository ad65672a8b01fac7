import 'server-only';
/** Choices for the audit viewer's filters (users as labels only: no account details). */
import { asc } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { centres, users } from '@/db/schema';
import { can, type Principal } from '@/lib/auth/permissions';
import { forbidden } from '@/lib/services/errors';
import { AUDIT_ACTIONS, AUDIT_TABLES } from './audit-vocabulary';

/** Re-exported for existing importers; the lists live in audit-vocabulary.ts (one source of truth). */
export { AUDIT_ACTIONS, AUDIT_TABLES };

export async function auditFilterOptions(db: Db, user: Principal) {
  if (!can(user, 'audit.view')) throw forbidden();
  const [userRows, centreRows] = await Promise.all([
    db.select({ id: users.id, label: users.email }).from(users).orderBy(asc(users.email)),
    db.select({ id: centres.id, code: centres.code }).from(centres).orderBy(asc(centres.code)),
  ]);
  return { users: userRows, centres: centreRows, tables: AUDIT_TABLES, actions: AUDIT_ACTIONS };
}
