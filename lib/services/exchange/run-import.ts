import 'server-only';
/**
 * The import: all or nothing, in ONE transaction. The plan is rebuilt inside the transaction; any
 * problem aborts with the report and nothing is written. New patients are inserted in chunks
 * (progress reported after each), changed ones updated; the audit triggers record every field with
 * reason "import: <file name>", and one data_import event records who imported what.
 */
import type { Db } from '@/db/client';
import { setAuditContext } from '@/db/audit-context';
import { can, type Principal } from '@/lib/auth/permissions';
import { insertExchangePatients, updateExchangePatient } from '@/lib/exchange/write-patients';
import { recordEvent } from '@/lib/services/audit/record-event';
import { forbidden, ServiceError } from '@/lib/services/errors';
import { planImport, reportOf, type ImportReport } from './plan-import';

export interface ImportProgress { phase: 'validating' | 'writing' | 'committing'; done: number; total: number }

export class ImportRejected extends ServiceError {
  constructor(readonly report: ImportReport) {
    super(`The file has ${report.problemCount} problem(s); nothing was imported.`, 'invalid');
  }
}

export async function runImport(
  db: Db, user: Principal & { email: string }, input: { fileName: string; text: string },
  onProgress: (p: ImportProgress) => void = () => undefined,
): Promise<ImportReport> {
  if (!can(user, 'data.import')) throw forbidden();
  const reason = `import: ${input.fileName}`.slice(0, 300);
  return db.transaction(async (tx) => {
    await setAuditContext(tx, { id: user.id, label: user.email }, reason);
    const plan = await planImport(tx, user, input.fileName, input.text, (done, total) => onProgress({ phase: 'validating', done, total }));
    const report = reportOf(input.fileName, plan);
    if (!report.ok) throw new ImportRejected(report);
    const total = plan.create.length + plan.update.length;
    onProgress({ phase: 'writing', done: 0, total });
    await insertExchangePatients(tx, plan.create, plan.centreIdByCode, user.id, async (done) => {
      onProgress({ phase: 'writing', done, total });
      // Let the event loop write the progress line out (PGlite runs in this process and would otherwise hold it).
      await new Promise((resolve) => setImmediate(resolve));
    });
    for (const [k, u] of plan.update.entries()) {
      await updateExchangePatient(tx, u.before.dbId, u.before.patient, u.after, user.id);
      if ((k + 1) % 100 === 0) onProgress({ phase: 'writing', done: plan.create.length + k + 1, total });
    }
    await recordEvent(tx, {
      actor: { id: user.id, label: user.email }, action: 'data_import', tableName: 'patients', reason,
      details: { fileName: input.fileName, format: plan.format, rows: plan.rows, created: plan.create.length, updated: plan.update.length, unchanged: plan.unchanged },
    });
    onProgress({ phase: 'committing', done: total, total });
    return report;
  });
}
