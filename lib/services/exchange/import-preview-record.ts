import 'server-only';
/**
 * What an import's preview saw, kept on the server (import_previews) so the commit can tell whether
 * anything changed in between: per patient of the file the record's state (record-state.ts). The
 * client only names the preview; its content, its owner and the file it was made for (SHA-256 of
 * the text) are the server's. One preview serves one import.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { importPreviews } from '@/db/schema';
import type { Principal } from '@/lib/auth/permissions';
import { changedForms } from '@/lib/exchange/changed-forms';
import type { Problem } from '@/lib/exchange/parse-import';
import { describeStateChange } from '@/lib/exchange/record-state';
import { invalid } from '@/lib/services/errors';
import type { ImportPlan } from './plan-import';

/** A check older than this must be repeated (and its stored states are cleared). */
export const PREVIEW_MAX_AGE_HOURS = 24;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export async function recordPreview(db: Db, user: Principal, fileName: string, text: string, plan: Pick<ImportPlan, 'seen'>): Promise<string> {
  const id = randomBytes(16).toString('base64url');
  const seen = Object.fromEntries([...plan.seen].map(([code, s]) => [code, s.state]));
  await db.transaction(async (tx) => {
    // Stale checks keep their row (who checked which file when) but not the per-patient states.
    await tx.update(importPreviews).set({ seen: null })
      .where(and(isNotNull(importPreviews.seen), lt(importPreviews.createdAt, sql`now() - make_interval(hours => ${PREVIEW_MAX_AGE_HOURS})`)));
    await tx.insert(importPreviews).values({ id, userId: user.id, fileName, fileSha256: sha256(text), seen });
  });
  return id;
}

/**
 * The preview the commit names, row-locked (two commits of one preview run one after the other) and
 * marked used in the import's transaction (so a refused import leaves it usable). Refused, with what
 * to do, when it is unknown, another user's, used, stale, or made for another file.
 */
export async function claimPreview(tx: Tx, user: Principal, previewId: string, text: string): Promise<Record<string, string>> {
  const again = 'Check the file again, then import it.';
  const [row] = await tx.select().from(importPreviews)
    .where(and(eq(importPreviews.id, previewId), eq(importPreviews.userId, user.id))).for('update');
  if (!row) throw invalid(`This import does not follow a check of the file by you. ${again}`);
  if (row.usedAt) throw invalid(`This check of the file was already used for an import. ${again}`);
  if (!row.seen || Date.now() - row.createdAt.getTime() > PREVIEW_MAX_AGE_HOURS * 3_600_000) {
    throw invalid(`The check of this file is more than ${PREVIEW_MAX_AGE_HOURS} hours old. ${again}`);
  }
  if (row.fileSha256 !== sha256(text)) throw invalid(`The file is not the one that was checked. ${again}`);
  await tx.update(importPreviews).set({ usedAt: sql`now()`, seen: null }).where(eq(importPreviews.id, previewId));
  return row.seen;
}

/** Every patient whose record changed (a save, a signature, a status change, a registration) between the preview and now. */
export function changedSincePreview(seen: Record<string, string>, plan: ImportPlan): Problem[] {
  const problems: Problem[] = [];
  for (const [code, now] of plan.seen) {
    const then = seen[code];
    if (then === now.state) continue;
    const what = then === undefined ? 'the patient was not part of the check' : describeStateChange(then, now.state);
    problems.push({
      row: now.row, patientId: code, column: 'id',
      message: `Patient ${code} changed in the registry after the file was checked (${what}); nothing was imported. Check the file again to compare it with the current data.`,
    });
  }
  return problems;
}

/**
 * Forms the import would change that are complete or verified. A CRF save of such a form needs a
 * reason for the change (form-access.ts assertReason); so does the import.
 */
export function formsNeedingReason(plan: ImportPlan): number {
  let n = 0;
  for (const { before, after } of plan.update) {
    for (const f of changedForms(before.patient, after)) {
      const status = before.state.forms[f]?.status;
      if (status === 'complete' || status === 'verified') n++;
    }
  }
  return n;
}
