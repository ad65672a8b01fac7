/**
 * Audit rows for events that are not row changes of patient data (those come from the database
 * triggers): logins, account and centre changes, exports, signatures. Call inside the same
 * transaction as the change it records.
 *
 * The row is written by the database function audit_event() (migration 0006), the only way the app
 * role can add to audit_log: it has no INSERT on the table, the function stamps the time itself (no
 * time parameter, so nothing can be backdated) and refuses the trigger-only actions. PGlite has no
 * roles, but takes the very same path.
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import type { Actor } from '@/db/audit-context';
import type { AuditEventAction } from './audit-vocabulary';
import { log } from '@/lib/log/logger';

export interface AuditEvent {
  actor: Actor;
  /** Only listed actions (audit-vocabulary.ts), so the audit viewer's filter offers every one written. */
  action: AuditEventAction;
  tableName: string;
  recordId?: string | number | null;
  patientId?: number | null;
  centreId?: number | null;
  field?: string | null;
  oldValue?: string | number | boolean | null;
  newValue?: string | number | boolean | null;
  reason?: string | null;
  details?: Record<string, unknown> | null;
}

const text = (v: string | number | boolean | null | undefined) => (v === null || v === undefined ? null : String(v));

export async function recordEvent(tx: Tx | Db, e: AuditEvent): Promise<void> {
  if (!e.actor.label) throw new Error('audit: an event needs an actor');
  const actorId = e.actor.id === 'system' ? null : e.actor.id;
  const details = e.details ? JSON.stringify(e.details) : null;
  await tx.execute(sql`SELECT audit_event(${actorId}::integer, ${e.actor.label}::text, ${e.action}::text, ${e.tableName}::text,
    ${text(e.recordId)}::text, ${e.patientId ?? null}::integer, ${e.centreId ?? null}::integer, ${e.field ?? null}::text,
    ${text(e.oldValue)}::text, ${text(e.newValue)}::text, ${e.reason ?? null}::text, ${details}::jsonb)`);
}

/**
 * Logs a refused cross-centre access (security check 2). Written outside the refused transaction
 * (which rolls back) and never allowed to fail the request: the caller still answers "not found".
 */
export async function recordDenial(db: Db, user: { id: number; email?: string }, denial: {
  table: string; recordId: number | string; patientId?: number; centreId: number; action: string;
}): Promise<void> {
  try {
    await recordEvent(db, {
      actor: { id: user.id, label: user.email ?? `user ${user.id}` }, action: 'access_denied', tableName: denial.table,
      recordId: denial.recordId, patientId: denial.patientId ?? null, centreId: denial.centreId,
      details: { attempted: denial.action },
    });
  } catch (err) {
    log.error({ err }, 'could not record an access denial');
  }
}
