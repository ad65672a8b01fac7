import 'server-only';
/** CSV of the filtered audit events (keyset batches; capped), itself recorded as an audit event. */
import type { Db } from '@/db/client';
import { can, type Principal } from '@/lib/auth/permissions';
import { csvHeader, csvLine } from '@/lib/exchange/csv-format';
import { forbidden } from '@/lib/services/errors';
import { queryAuditEvents, type AuditFilter } from './list-audit-events';
import { recordEvent } from './record-event';

export const AUDIT_EXPORT_MAX_ROWS = 500_000;

export async function exportAuditEvents(db: Db, user: Principal & { email: string }, filter: AuditFilter): Promise<{ body: string; rows: number; truncated: boolean }> {
  if (!can(user, 'audit.view')) throw forbidden();
  const lines = [csvHeader(['id', 'at_utc', 'actor_id', 'actor', 'action', 'table', 'record_id', 'patient', 'centre', 'field', 'old_value', 'new_value', 'reason'])];
  let cursor: string | undefined;
  let rows = 0;
  for (;;) {
    const page = await queryAuditEvents(db, user, { ...filter, cursor }, 5000);
    for (const r of page.rows) {
      lines.push(csvLine([r.id, r.atUtc, r.actorId, r.actorLabel, r.action, r.tableName, r.recordId, r.patientCode, r.centreCode, r.field, r.oldValue, r.newValue, r.reason]));
    }
    rows += page.rows.length;
    if (!page.nextCursor || rows >= AUDIT_EXPORT_MAX_ROWS) { cursor = page.nextCursor ?? undefined; break; }
    cursor = page.nextCursor;
  }
  const { cursor: _ignored, ...appliedFilter } = filter;
  await recordEvent(db, { actor: { id: user.id, label: user.email }, action: 'audit_export', tableName: 'audit_log',
    details: { rows, truncated: cursor !== undefined, filter: appliedFilter } });
  return { body: lines.join('\n') + '\n', rows, truncated: cursor !== undefined };
}
