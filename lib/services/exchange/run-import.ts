import 'server-only';
/**
 * The import: all or nothing, in ONE transaction, after a preview of the same file by the same user
 * (named by `previewId`). The file's registered patients are row-locked as a CRF save locks them,
 * then the plan is rebuilt and each patient's state compared with what the preview saw: a save,
 * signature, status change or registration in between stops the import and names those patients
 * (an acknowledged save is never reverted, a signature never voided); CRF verbs arriving meanwhile
 * wait for the import and then meet a new version. Any problem aborts with the report and nothing
 * is written. Changing a complete or verified form needs a reason, as in the CRF. New patients are
 * inserted in chunks (progress reported after each), changed ones updated; the audit triggers record
 * every field with reason "import: <file name>" (plus the reason given), and one data_import event
 * records who imported what.
 */
import type { Db } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { can, type Principal } from '@/lib/auth/permissions';
import { insertExchangePatients, updateExchangePatient } from '@/lib/exchange/write-patients';
import { recordEvent } from '@/lib/services/audit/record-event';
import { forbidden, invalid, ServiceError } from '@/lib/services/errors';
import { saveMeta } from '@/lib/validation/common';
import { changedSincePreview, claimPreview, formsNeedingReason } from './import-preview-record';
import type { LongImportReport } from './long-import';
import { planImport, reportOf, type ImportReport } from './plan-import';

export interface ImportProgress { phase: 'validating' | 'writing' | 'committing'; done: number; total: number }

export class ImportRejected extends ServiceError {
  /** The cohort import's report, or the long format's (long-import.ts: the same fields, counting records). */
  constructor(readonly report: ImportReport | LongImportReport) {
    super(`The file has ${report.problemCount} problem(s); nothing was imported.`, 'invalid');
  }
}

export async function runImport(
  db: Db, user: Principal & { email: string }, input: { fileName: string; text: string; previewId: string; reason?: string | null },
  onProgress: (p: ImportProgress) => void = () => undefined,
): Promise<ImportReport> {
  if (!can(user, 'data.import')) throw forbidden();
  const given = saveMeta.changeReason.safeParse(input.reason ?? null);
  if (!given.success) throw invalid(given.error.issues[0]?.message ?? 'The reason is not valid.', { reason: given.error.issues.map((i) => i.message) });
  const reason = `import: ${input.fileName}${given.data ? ` — ${given.data}` : ''}`;
  return db.transaction(async (tx) => {
    const seen = await claimPreview(tx, user, input.previewId, input.text);
    await setAuditContext(tx, { id: user.id, label: user.email }, reason);
    const plan = await planImport(tx, user, input.fileName, input.text, (done, total) => onProgress({ phase: 'validating', done, total }), { lock: tx });
    // Patients that changed since the check are named as such (a form signed meanwhile is reported
    // as signed after the check, not only as "locked"), with any other problem of the file.
    const moved = changedSincePreview(seen, plan);
    if (moved.length) {
      const named = new Set(moved.map((p) => p.patientId));
      const problems = [...moved, ...plan.problems.filter((p) => p.patientId === undefined || !named.has(p.patientId))]
        .sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
      throw new ImportRejected(reportOf(input.fileName, { ...plan, problems }));
    }
    const report = reportOf(input.fileName, plan);
    if (!report.ok) throw new ImportRejected(report);
    const needReason = formsNeedingReason(plan);
    if (needReason && !given.data) {
      const text = `The file changes ${needReason} form${needReason === 1 ? '' : 's'} already complete or verified: give a reason for the change (it is kept in the audit trail). Nothing was imported.`;
      throw invalid(text, { reason: [text] });
    }
    const total = plan.create.length + plan.update.length;
    onProgress({ phase: 'writing', done: 0, total });
    await insertExchangePatients(tx, plan.create, plan.centreIdByCode, user.id, async (done) => {
      onProgress({ phase: 'writing', done, total });
      // Let the event loop write the progress line out (PGlite runs in this process and would otherwise hold it).
      await new Promise((resolve) => setImmediate(resolve));
    });
    for (const [k, u] of plan.update.entries()) {
      await updateExchangePatient(tx, u.before.dbId, u.before.state, u.before.patient, u.after, user.id);
      if ((k + 1) % 100 === 0) onProgress({ phase: 'writing', done: plan.create.length + k + 1, total });
    }
    await recordEvent(tx, {
      actor: { id: user.id, label: user.email }, action: 'data_import', tableName: 'patients', reason,
      details: { fileName: input.fileName, format: plan.format, rows: plan.rows, created: plan.create.length, updated: plan.update.length, unchanged: plan.unchanged,
        previewId: input.previewId },
    });
    onProgress({ phase: 'committing', done: total, total });
    return report;
  });
}
