import 'server-only';
/**
 * CSV of the edit-check findings, for the data manager's queries to the centres: the same scope and
 * kind filter as the report (an investigator's own centre only; coordinators all centres or one),
 * every finding rather than a page. Written with the exports' cell rules (formula-like text escaped:
 * lib/exchange/csv-format.ts) and recorded as a data_export event like the other exports.
 */
import type { Db } from '@/db/client';
import { can, type Principal } from '@/lib/auth/permissions';
import { KIND_LABELS } from '@/lib/edit-checks/findings';
import type { EditCheckQuery } from '@/lib/edit-checks/params';
import { csvHeader, csvLine } from '@/lib/exchange/csv-format';
import { recordEvent } from '@/lib/services/audit/record-event';
import { forbidden } from '@/lib/services/errors';
import { todayIso } from '@/lib/validation/common';
import { resolveEditCheckScope, scanEditChecks } from './edit-checks';

/** `instance`: the number of the visit, adverse event, … a finding is on (empty for the five CRFs); last, so the older columns keep their places. */
export const EDIT_CHECK_CSV_COLUMNS = ['centre', 'patient', 'form', 'field', 'check', 'check_label', 'finding', 'instance'] as const;

export interface EditCheckCsv { fileName: string; body: string; rows: number }

export async function exportEditChecks(db: Db, user: Principal & { email: string }, query: EditCheckQuery, today = todayIso()): Promise<EditCheckCsv> {
  if (!can(user, 'data.export')) throw forbidden();
  const scope = await resolveEditCheckScope(db, user, query.centreCode);
  const codes = new Map(scope.centres.map((c) => [c.id, c.code]));
  const lines = [csvHeader(EDIT_CHECK_CSV_COLUMNS)];
  await scanEditChecks(db, scope, today, (centreId, found) => {
    for (const r of found) {
      if (query.kind && r.kind !== query.kind) continue;
      lines.push(csvLine([codes.get(centreId) ?? '', r.patientCode, r.form, r.field, r.kind, KIND_LABELS[r.kind], r.message, r.seq ?? '']));
    }
  });
  const rows = lines.length - 1;
  const fileName = `cll-registry-edit-checks-${scope.centre?.code ?? 'all-centres'}${query.kind ? `-${query.kind}` : ''}-${today}.csv`;
  await recordEvent(db, {
    actor: { id: user.id, label: user.email }, action: 'data_export', tableName: 'patients', newValue: 'edit-checks',
    centreId: scope.centre?.id ?? null,
    details: { format: 'edit-checks', fileName, rows, centres: scope.centreIds ?? 'all', kind: query.kind ?? 'all' },
  });
  return { fileName, body: lines.join('\n') + '\n', rows };
}
