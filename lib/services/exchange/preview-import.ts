import 'server-only';
/** Preview: the full validation report of a file; writes nothing. */
import type { Db } from '@/db/client';
import { can, type Principal } from '@/lib/auth/permissions';
import { forbidden } from '@/lib/services/errors';
import { planImport, reportOf, type ImportReport } from './plan-import';

export async function previewImport(db: Db, user: Principal, input: { fileName: string; text: string }): Promise<ImportReport> {
  if (!can(user, 'data.import')) throw forbidden();
  return reportOf(input.fileName, await planImport(db, user, input.fileName, input.text));
}
