import 'server-only';
/**
 * Edit-check report for a centre: forms missing or not complete, required fields missing in stored
 * forms (e.g. imports), impossible dates and other cross-form inconsistencies, open queries.
 * Investigators see their own centre only; coordinators and admins choose one.
 */
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  baselineForms, centres, dataQueries, discontinuationForms, followUpForms, patients, responseForms, subsequentTherapies, therapyForms,
} from '@/db/schema';
import { can, centreFilter, type Principal } from '@/lib/auth/permissions';
import { forbidden, notFound } from '@/lib/services/errors';
import { checkCrossFormRules, type PatientRecord } from '@/lib/validation/cross-form-rules';
import { todayIso } from '@/lib/validation/common';
import { FORM_LABELS, type FormKey } from '@/lib/validation/forms';
import { fieldLabel, missingRequiredFields } from '@/lib/validation/required-fields';

export type CheckKind = 'missing_form' | 'missing_field' | 'inconsistent' | 'open_query' | 'not_complete';
export interface CheckRow { patientCode: string; form: FormKey; field: string | null; kind: CheckKind; message: string }

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

export async function editCheckReport(db: Db, user: Principal, centreCode: string | null, today = todayIso()) {
  if (!can(user, 'patient.read')) throw forbidden();
  const scope = centreFilter(user);
  const all = await db.select({ id: centres.id, code: centres.code, name: centres.name }).from(centres).orderBy(asc(centres.code));
  const visible = scope === null ? all : all.filter((c) => scope.includes(c.id));
  const centre = centreCode ? visible.find((c) => c.code === centreCode) : visible.length === 1 ? visible[0] : undefined;
  if (centreCode && !centre) throw notFound('Centre not found.');
  if (!centre) return { centres: visible, centre: null, rows: [] as CheckRow[] };

  const list = await db.select().from(patients).where(and(eq(patients.centreId, centre.id), eq(patients.status, 'active'))).orderBy(asc(patients.code));
  const ids = list.map((p) => p.id);
  if (!ids.length) return { centres: visible, centre, rows: [] as CheckRow[] };
  const byPatient = <T extends { patientId: number }>(rows: T[]) => new Map(rows.map((r) => [r.patientId, r]));
  const [b, r, d, tf, f] = [
    byPatient(await db.select().from(baselineForms).where(inArray(baselineForms.patientId, ids))),
    byPatient(await db.select().from(responseForms).where(inArray(responseForms.patientId, ids))),
    byPatient(await db.select().from(discontinuationForms).where(inArray(discontinuationForms.patientId, ids))),
    byPatient(await db.select().from(therapyForms).where(inArray(therapyForms.patientId, ids))),
    byPatient(await db.select().from(followUpForms).where(inArray(followUpForms.patientId, ids))),
  ];
  const therapies = await db.select().from(subsequentTherapies)
    .where(and(inArray(subsequentTherapies.patientId, ids), eq(subsequentTherapies.deleted, false))).orderBy(asc(subsequentTherapies.position));
  const queries = await db.select().from(dataQueries).where(and(inArray(dataQueries.patientId, ids), ne(dataQueries.status, 'closed')));

  const rows: CheckRow[] = [];
  for (const p of list) {
    const forms: Record<FormKey, Record<string, unknown> | undefined> = {
      baseline: b.get(p.id), response: r.get(p.id), discontinuation: d.get(p.id), therapies: tf.get(p.id), 'follow-up': f.get(p.id),
    };
    for (const key of ['baseline', 'response', 'follow-up'] as const) {
      if (!forms[key]) rows.push({ patientCode: p.code, form: key, field: null, kind: 'missing_form', message: `${FORM_LABELS[key]} form not started.` });
    }
    // The same definition verify and sign use (lib/validation/required-fields.ts).
    for (const key of Object.keys(forms) as FormKey[]) {
      const row = forms[key];
      if (!row) continue;
      for (const field of missingRequiredFields(key, row)) {
        rows.push({ patientCode: p.code, form: key, field, kind: 'missing_field', message: `${fieldLabel(key, field)} is missing.` });
      }
    }
    for (const key of Object.keys(forms) as FormKey[]) {
      const row = forms[key];
      if (row && row.status === 'draft') rows.push({ patientCode: p.code, form: key, field: null, kind: 'not_complete', message: `${FORM_LABELS[key]} form is a draft.` });
    }
    const disc = forms.discontinuation;
    const fu = forms['follow-up'];
    const base = forms.baseline;
    const record: PatientRecord = {
      birthYear: p.birthYear,
      baseline: base ? { ibrutinibStart: str(base.ibrutinibStart) } : null,
      response: forms.response ? { assessedDate: str(forms.response.assessedDate) } : null,
      discontinuation: disc ? {
        lastDoseDate: str(disc.lastDoseDate), reason: str(disc.reason), aeTerm: str(disc.aeTerm),
        aeGrade: disc.aeGrade === null || disc.aeGrade === undefined ? null : Number(disc.aeGrade),
        aeOnsetDate: str(disc.aeOnsetDate), progressionType: str(disc.progressionType), rtHistology: str(disc.rtHistology),
      } : null,
      therapies: therapies.filter((t) => t.patientId === p.id).map((t) => ({ startDate: t.startDate })),
      followUp: fu ? { vitalStatus: str(fu.vitalStatus), lastContactDate: str(fu.lastContactDate), deathDate: str(fu.deathDate), deathCause: str(fu.deathCause) } : null,
    };
    for (const i of checkCrossFormRules(record, today)) {
      rows.push({ patientCode: p.code, form: i.form, field: i.field, kind: 'inconsistent', message: i.message });
    }
    for (const q of queries.filter((x) => x.patientId === p.id)) {
      rows.push({ patientCode: p.code, form: q.form as FormKey, field: q.field, kind: 'open_query', message: `Query ${q.status}: ${q.question}` });
    }
  }
  return { centres: visible, centre, rows };
}
