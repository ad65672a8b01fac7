import 'server-only';
/** Read verbs for the CRF pages: a patient's forms and queries, and its audit history (paged). */
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '@/db/client';
import { auditLog, dataQueries, users } from '@/db/schema';
import { getPatientForUser } from '@/lib/services/patients/read-patients';
import type { Principal } from '@/lib/auth/permissions';

export interface QueryView {
  id: number; form: string; field: string; question: string; answer: string | null; status: 'open' | 'answered' | 'closed';
  raisedByName: string; answeredByName: string | null; createdAt: string; updatedAt: string;
}

export async function getCrfForUser(db: Db, user: Principal, code: string) {
  const { patient, forms } = await getPatientForUser(db, user, code);
  const answeredBy = alias(users, 'answered_by_user');
  const rows = await db.select({
    id: dataQueries.id, form: dataQueries.form, field: dataQueries.field, question: dataQueries.question, answer: dataQueries.answer,
    status: dataQueries.status, raisedByName: users.displayName, answeredByName: answeredBy.displayName,
    createdAt: dataQueries.createdAt, updatedAt: dataQueries.updatedAt,
  }).from(dataQueries)
    .innerJoin(users, eq(users.id, dataQueries.raisedBy))
    .leftJoin(answeredBy, eq(answeredBy.id, dataQueries.answeredBy))
    .where(eq(dataQueries.patientId, patient.id))
    .orderBy(desc(dataQueries.createdAt), desc(dataQueries.id));
  const queries: QueryView[] = rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() }));
  return { patient, forms, queries };
}

export interface HistoryRow {
  id: number; at: string; actor: string; action: string; table: string; field: string | null;
  oldValue: string | null; newValue: string | null; reason: string | null;
}

export async function readPatientHistory(db: Db, user: Principal, code: string, page: number, pageSize = 25) {
  const { patient } = await getPatientForUser(db, user, code);
  // Refused accesses from other centres are security events for the audit viewer (coordinators and
  // admins), not part of the record's history: they would show another centre's user to investigators.
  const where = and(eq(auditLog.patientId, patient.id), ne(auditLog.action, 'access_denied'));
  const [{ total } = { total: 0 }] = await db.select({ total: sql<number>`count(*)::int` }).from(auditLog).where(where);
  // A whole page number within range whatever the caller passed (a fractional OFFSET is a database error).
  const p = Math.max(1, Math.min(Math.trunc(page) || 1, Math.max(1, Math.ceil(total / pageSize))));
  // Newest first in the order the changes took effect: `at` is the moment of each change (see list-audit-events.ts).
  const rows = await db.select().from(auditLog).where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id)).limit(pageSize).offset((p - 1) * pageSize);
  const history: HistoryRow[] = rows.map((r) => ({
    id: r.id, at: r.at.toISOString(), actor: r.actorLabel, action: r.action, table: r.tableName, field: r.field,
    oldValue: r.oldValue, newValue: r.newValue, reason: r.reason,
  }));
  return { rows: history, page: p, pageSize, total };
}
