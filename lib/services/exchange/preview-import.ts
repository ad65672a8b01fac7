import 'server-only';
/**
 * Preview: the full validation report of a file; writes no patient data. A clean report also
 * records what the check saw of every patient of the file (import-preview-record.ts): the import
 * names that record and refuses if any of those patients changed since.
 */
import type { Db } from '@/db/client';
import { can, type Principal } from '@/lib/auth/permissions';
import { forbidden } from '@/lib/services/errors';
import { formsNeedingReason, recordPreview } from './import-preview-record';
import { planImport, reportOf, type ImportReport } from './plan-import';

export interface PreviewReport extends ImportReport {
  /** Names the check for the import (null when the file has problems: it cannot be imported). */
  previewId: string | null;
  /** Complete or verified forms the file changes: the import then needs a reason, as a CRF save does. */
  formsNeedingReason: number;
}

export async function previewImport(db: Db, user: Principal, input: { fileName: string; text: string }): Promise<PreviewReport> {
  if (!can(user, 'data.import')) throw forbidden();
  const plan = await planImport(db, user, input.fileName, input.text);
  const report = reportOf(input.fileName, plan);
  const previewId = report.ok ? await recordPreview(db, user, input.fileName, input.text, plan) : null;
  return { ...report, previewId, formsNeedingReason: formsNeedingReason(plan) };
}
