import 'server-only';
/**
 * Check, then import, with no pause in between: the two steps a user takes in /data, for scripts,
 * benchmarks and tests that import a file they have not shown anyone. Same services, same rules.
 */
import type { Db } from '@/db/client';
import type { Principal } from '@/lib/auth/permissions';
import { previewImport } from './preview-import';
import type { ImportReport } from './plan-import';
import { ImportRejected, runImport, type ImportProgress } from './run-import';

export async function checkAndImport(
  db: Db, user: Principal & { email: string }, input: { fileName: string; text: string; reason?: string | null },
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportReport> {
  const preview = await previewImport(db, user, input);
  if (!preview.previewId) throw new ImportRejected(preview);
  return runImport(db, user, { ...input, previewId: preview.previewId }, onProgress);
}
