import 'server-only';
/**
 * Writes imported patients. New patients: set-based multi-row inserts (one statement per table per
 * chunk, rows passed as one JSON parameter — far cheaper than thousands of bind parameters), through
 * the audit triggers like every other write. Changed patients: column updates per form (or the
 * form's insert when the patient has none yet); the triggers record exactly the fields written.
 * Which forms a record holds, and their status: form-parts.ts. Call inside a transaction with
 * setAuditContext.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { patients, subsequentTherapies, therapyForms } from '@/db/schema';
import { missingColumn, missingKey, valueKey } from '@/lib/dictionary';
import { ServiceError } from '@/lib/services/errors';
import { changedForms } from './changed-forms';
import { exchangedFieldsOf, formParts, formValues, VALUE_FORMS, type FormPartStatus, type FormValues } from './form-parts';
import { FORM_TABLES, propertyOf, type FormTable, type TableForm } from './form-tables';
import type { ExchangePatient } from './patient';
import type { FormState, RecordState } from './record-state';

export { insertExchangePatients, WRITE_CHUNK } from './insert-patients';

/**
 * A form's values as drizzle column properties (found by the dictionary's column names). A multiple
 * choice left empty is stored as the CRF stores "none ticked": an empty list.
 */
function drizzleValues(form: TableForm, values: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of exchangedFieldsOf(form)) {
    if (f.column === null) continue;
    const v = values[valueKey(f)] ?? null;
    out[propertyOf(form, f.column)] = f.type === 'codes' && v === null ? [] : v;
    const missing = missingColumn(f);
    if (f.missingCodes && missing) out[propertyOf(form, missing)] = values[missingKey(f)] ?? null;
  }
  return out;
}

/**
 * The last line of defence behind the plan's checks (run-import.ts holds the patients' row locks and
 * has compared their state with the preview's): a write that finds a form other than the plan saw
 * it, or locked, stops the whole import instead of overwriting.
 */
function moved(what: string): ServiceError {
  return new ServiceError(`The ${what} changed while importing. Nothing was imported; check the file again.`, 'conflict');
}

/**
 * One form of an existing patient brought to the imported values: updated when the row exists, only
 * at the version the plan read and never when locked (version + 1, e-signature columns cleared: they
 * are empty on any unlocked form), inserted when the patient has no such form yet. Both go through
 * the audit triggers with the import's audit context.
 */
async function upsertForm(
  tx: Tx, table: FormTable, dbId: number, seen: FormState | null, values: Record<string, unknown>, status: FormPartStatus, actorId: number,
): Promise<void> {
  if (!seen) {
    await tx.insert(table).values({ patientId: dbId, ...values, status, updatedBy: actorId } as never);
    return;
  }
  if (seen.status === 'locked') throw moved('locked form');
  const updated = await tx.update(table).set({
    ...values, status, version: sql`version + 1`, updatedBy: actorId, updatedAt: new Date(),
    signedByName: null, signedByUserId: null, signedAt: null, signatureMeaning: null,
  } as never).where(and(eq(table.patientId, dbId), eq(table.version, seen.version), sql`${table.status} <> 'locked'`)).returning({ id: table.id });
  if (!updated.length) throw moved('form');
}

/**
 * Brings an existing patient's CRFs to the imported values. A changed form gets the status its
 * values give (form-parts.ts: draft when a required value is missing, else complete), version + 1
 * and loses its e-signature; a form the patient does not have yet is created. A form cannot be
 * removed by import (the service refuses that before calling this).
 */
export async function updateExchangePatient(
  tx: Tx, dbId: number, state: RecordState, before: ExchangePatient, p: ExchangePatient, actorId: number,
): Promise<void> {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const parts = formParts(p);
  const changed = new Set(changedForms(before, p));
  const registration = formValues(p, 'patient');
  if (!same(formValues(before, 'patient'), registration)) {
    const updated = await tx.update(patients).set({ ...drizzleValues('patient', registration), version: sql`version + 1`, updatedBy: actorId, updatedAt: new Date() } as never)
      .where(and(eq(patients.id, dbId), eq(patients.version, state.version))).returning({ id: patients.id });
    if (!updated.length) throw moved('patient record');
  }
  for (const { part, form } of VALUE_FORMS) {
    const fp = parts[part];
    if (fp && changed.has(part)) await upsertForm(tx, FORM_TABLES[form], dbId, state.forms[part], drizzleValues(form, fp.values), fp.status, actorId);
  }
  if (changed.has('therapies')) {
    const seen = state.forms.therapies;
    if (seen?.status === 'locked') throw moved('locked form');
    const touched = { status: 'complete' as const, version: sql`version + 1`, updatedBy: actorId, updatedAt: new Date(),
      signedByName: null, signedByUserId: null, signedAt: null, signatureMeaning: null };
    let formId: number | undefined;
    if (seen) {
      const [form] = await tx.update(therapyForms).set(touched)
        .where(and(eq(therapyForms.patientId, dbId), eq(therapyForms.version, seen.version), sql`${therapyForms.status} <> 'locked'`)).returning({ id: therapyForms.id });
      if (!form) throw moved('form');
      formId = form.id;
    } else {
      formId = (await tx.insert(therapyForms).values({ patientId: dbId, status: 'complete', updatedBy: actorId }).returning({ id: therapyForms.id }))[0]?.id;
    }
    if (formId === undefined) throw new Error('therapy form missing');
    const existing = await tx.select({ id: subsequentTherapies.id, position: subsequentTherapies.position }).from(subsequentTherapies)
      .where(eq(subsequentTherapies.patientId, dbId));
    const byPos = new Map(existing.map((e) => [e.position, e.id]));
    for (const [k, t] of p.subsequentTherapies.entries()) {
      const values = { regimen: t.regimen, startDate: t.startDate, bestResponse: t.response, deleted: false, updatedAt: new Date() };
      const id = byPos.get(k + 1);
      if (id !== undefined) await tx.update(subsequentTherapies).set(values).where(eq(subsequentTherapies.id, id));
      else await tx.insert(subsequentTherapies).values({ formId, patientId: dbId, position: k + 1, ...values });
    }
    await tx.update(subsequentTherapies).set({ deleted: true, updatedAt: new Date() })
      .where(and(eq(subsequentTherapies.patientId, dbId), sql`${subsequentTherapies.position} > ${p.subsequentTherapies.length}`, eq(subsequentTherapies.deleted, false)));
  }
}
