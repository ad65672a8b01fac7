import 'server-only';
/**
 * Subsequent therapies: the form header (status, version) plus repeating rows. The input is the
 * full list of current rows; an existing row left out is removed by setting `deleted` (patient
 * data is never hard-deleted, and the audit trigger records the change).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { subsequentTherapies } from '@/db/schema';
import { invalid } from '@/lib/services/errors';
import type { SaveTherapiesInput } from '@/lib/validation/therapies';
import { sameValue, type CrfUser } from './form-access';
import { saveForm, type SaveResult } from './save-form';

export async function saveTherapies(db: Db, user: CrfUser, input: SaveTherapiesInput): Promise<SaveResult> {
  return saveForm(db, user, 'therapies', input, async (tx, patient) => {
    const stored = await tx.select().from(subsequentTherapies)
      .where(and(eq(subsequentTherapies.patientId, patient.id), eq(subsequentTherapies.deleted, false)));
    const byId = new Map(stored.map((r) => [r.id, r]));
    const wanted = input.rows.map((r, i) => ({ ...r, position: i + 1 }));
    for (const [i, r] of wanted.entries()) {
      if (r.id !== null && !byId.has(r.id)) throw invalid('A therapy row no longer exists: reload the page.', { [`rows.${i}.regimen`]: ['This row was removed meanwhile.'] });
    }
    const keep = new Set(wanted.map((r) => r.id).filter((id) => id !== null));
    const removed = stored.filter((r) => !keep.has(r.id));
    const updates = wanted.filter((r) => {
      const s = r.id !== null ? byId.get(r.id) : undefined;
      return s !== undefined && (['regimen', 'startDate', 'bestResponse', 'position'] as const).some((k) => !sameValue(s[k], r[k]));
    });
    const inserts = wanted.filter((r) => r.id === null);
    const summary = (rows: { regimen: string; startDate: string | null; bestResponse: string | null }[]) =>
      rows.map((r, i) => `${i + 1}. ${r.regimen}${r.startDate ? ` from ${r.startDate}` : ''}${r.bestResponse ? ` (${r.bestResponse})` : ''}`).join('; ');
    const storedInOrder = [...stored].sort((x, y) => x.position - y.position);
    return {
      values: {},
      conflictView: { current: { rows: summary(storedInOrder) }, yours: { rows: summary(wanted) } },
      extraChanged: removed.length + updates.length + inserts.length > 0,
      overlay: (rec) => ({ ...rec, therapies: wanted.map((r) => ({ startDate: r.startDate })) }),
      afterWrite: async (t, formId) => {
        for (const r of removed) {
          await t.update(subsequentTherapies).set({ deleted: true, updatedAt: sql`now()` }).where(eq(subsequentTherapies.id, r.id));
        }
        for (const r of updates) {
          if (r.id === null) continue;
          await t.update(subsequentTherapies)
            .set({ regimen: r.regimen, startDate: r.startDate, bestResponse: r.bestResponse, position: r.position, updatedAt: sql`now()` })
            .where(eq(subsequentTherapies.id, r.id));
        }
        if (inserts.length) {
          await t.insert(subsequentTherapies).values(inserts.map((r) => ({
            formId, patientId: patient.id, position: r.position, regimen: r.regimen, startDate: r.startDate, bestResponse: r.bestResponse,
          })));
        }
      },
    };
  });
}
