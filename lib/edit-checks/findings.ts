/**
 * The edit checks of one patient, as a pure function over the patient's stored forms, so the report
 * can run it batch by batch over the whole registry (lib/dal/edit-check-inputs.ts loads the batches)
 * and a unit test can run it on a literal record. No database, no server-only import.
 */
import { bestResponse } from '@/lib/course/derive';
import { baselineMolecular } from '@/lib/course/molecular';
import type { BaselineInput, MolecularTestInput, VisitInput } from '@/lib/course/types';
import { codeLabel, missingRequired, recordDef, RECORD_KINDS, type RecordKind } from '@/lib/dictionary';
import { checkCrossFormRules, courseContext, type PatientRecord } from '@/lib/validation/cross-form-rules';
import { checkCourseRules, emptyCourse, instanceName, type CourseInstance, type CourseRecords } from '@/lib/validation/course-rules';
import { FORM_KEYS, FORM_LABELS, isFormKey, type FormKey } from '@/lib/validation/forms';
import { fieldLabel, missingRequiredFields } from '@/lib/validation/required-fields';
import { recordFieldLabel } from './record-labels';

/** The summary's columns, in this order (a patient's findings are listed form checks first, queries last). */
export const CHECK_KINDS = ['missing_form', 'missing_field', 'inconsistent', 'open_query', 'not_complete'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export const KIND_LABELS: Record<CheckKind, string> = {
  missing_form: 'Form missing', missing_field: 'Required field missing', inconsistent: 'Impossible / inconsistent',
  open_query: 'Open query', not_complete: 'Not complete',
};

/**
 * One finding, on a CRF (`form` a CRF key) or on one instance of a repeating record (`form` the
 * record kind, `seq` the instance: "Adverse event 3 · Grade", findingPlace).
 */
export interface CheckRow { patientCode: string; form: FormKey | RecordKind; seq?: number; field: string | null; kind: CheckKind; message: string }

/** One patient's stored record: each form's data columns and status (undefined when not started). */
export interface CheckInput {
  code: string;
  birthYear: number;
  forms: Record<FormKey, Record<string, unknown> | undefined>;
  /** Start dates of the subsequent therapies not retired, in position order. */
  therapyStarts: (string | null)[];
  /** Queries not closed (`recordSeq`: the instance of a repeating record the query is on). */
  queries: { form: string; recordSeq?: number | null; field: string; status: string; question: string }[];
  /** The course: every instance of every repeating record, keyed by value key (absent: none read). */
  course?: CourseRecords;
}

/** The forms every patient needs (discontinuation and subsequent therapies only when they happened). */
const REQUIRED_FORMS = ['baseline', 'response', 'follow-up'] as const;

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

export function patientFindings(p: CheckInput, today: string): CheckRow[] {
  const rows: CheckRow[] = [];
  const add = (form: FormKey, field: string | null, kind: CheckKind, message: string) => rows.push({ patientCode: p.code, form, field, kind, message });
  const addOn = (form: RecordKind, seq: number, field: string | null, kind: CheckKind, message: string) =>
    rows.push({ patientCode: p.code, form, seq, field, kind, message });
  const course = p.course ?? emptyCourse();
  const { forms } = p;
  for (const key of REQUIRED_FORMS) if (!forms[key]) add(key, null, 'missing_form', `${FORM_LABELS[key]} form not started.`);
  // The same definition verify and sign use (lib/validation/required-fields.ts).
  // A missing-data code ("unknown") answers a field: the stored rows carry the `<key>Missing` columns.
  const missing = new Set<string>();
  for (const key of FORM_KEYS) {
    const row = forms[key];
    if (!row) continue;
    for (const field of missingRequiredFields(key, row)) {
      missing.add(`${key}|${field}`);
      add(key, field, 'missing_field', `${fieldLabel(key, field)} is missing.`);
    }
  }
  // Each live instance of the course: its required fields, and whether it is still a draft.
  for (const kind of RECORD_KINDS) {
    for (const inst of live(course[kind])) {
      for (const field of missingRequired(kind, inst)) {
        missing.add(`${kind}#${inst.seq}|${field}`);
        addOn(kind, inst.seq, field, 'missing_field', `${instanceName(kind, inst.seq)} · ${recordFieldLabel(kind, field)} is missing.`);
      }
    }
  }
  for (const key of FORM_KEYS) if (forms[key]?.status === 'draft') add(key, null, 'not_complete', `${FORM_LABELS[key]} form is a draft.`);
  for (const kind of RECORD_KINDS) {
    for (const inst of live(course[kind])) if (inst.status === 'draft') addOn(kind, inst.seq, null, 'not_complete', `${instanceName(kind, inst.seq)} is a draft.`);
  }
  const { baseline: base, response, discontinuation: disc, 'follow-up': fu } = forms;
  const record: PatientRecord = {
    birthYear: p.birthYear,
    baseline: base ? { ibrutinibStart: str(base.ibrutinibStart) } : null,
    response: response ? { assessedDate: str(response.assessedDate) } : null,
    discontinuation: disc ? {
      lastDoseDate: str(disc.lastDoseDate), reason: str(disc.reason), aeTerm: str(disc.aeTerm),
      aeGrade: disc.aeGrade === null || disc.aeGrade === undefined ? null : Number(disc.aeGrade),
      aeOnsetDate: str(disc.aeOnsetDate), progressionType: str(disc.progressionType), rtHistology: str(disc.rtHistology),
    } : null,
    therapies: p.therapyStarts.map((startDate) => ({ startDate })),
    followUp: fu ? {
      vitalStatus: str(fu.vitalStatus), lastContactDate: str(fu.lastContactDate), deathDate: str(fu.deathDate), deathCause: str(fu.deathCause),
      deathContributingCauses: Array.isArray(fu.deathContributingCauses) ? fu.deathContributingCauses.map(String) : null,
    } : null,
  };
  // An empty field is reported once, as missing (the cross-form rules also ask for the progression type).
  // The record goes without its course: the course rules run once below, for both sides (the
  // checks run over every patient of the registry, and those rules are most of their time).
  const formIssues = checkCrossFormRules(record, today);
  const courseIssues = p.course ? checkCourseRules(courseContext(record), course, today) : [];
  for (const i of courseIssues) {
    if (i.seq === null && isFormKey(i.form) && !formIssues.some((f) => f.form === i.form && f.field === i.field && f.message === i.message)) {
      formIssues.push({ form: i.form, field: i.field, message: i.message });
    }
  }
  for (const i of formIssues) if (!missing.has(`${i.form}|${i.field}`)) add(i.form, i.field, 'inconsistent', i.message);
  if (p.course) {
    // The course rules on the instances' side.
    for (const i of courseIssues) {
      if (i.seq === null || isFormKey(i.form) || missing.has(`${i.form}#${i.seq}|${i.field}`)) continue;
      addOn(i.form, i.seq, i.field, 'inconsistent', `${instanceName(i.form, i.seq)}: ${i.message}`);
    }
    for (const f of courseAgreements(forms, course)) {
      if (f.seq === undefined) add(f.form as FormKey, f.field, 'inconsistent', f.message);
      else addOn(f.form as RecordKind, f.seq, f.field, 'inconsistent', f.message);
    }
  }
  for (const q of p.queries) {
    if (q.recordSeq !== null && q.recordSeq !== undefined && !isFormKey(q.form)) addOn(q.form as RecordKind, q.recordSeq, q.field, 'open_query', `Query ${q.status}: ${q.question}`);
    else add(q.form as FormKey, q.field, 'open_query', `Query ${q.status}: ${q.question}`);
  }
  return rows;
}

const live = (list: CourseInstance[]) => list.filter((i) => !i.enteredInError);

/** The snapshot's best-response categories predate CRi and nPR: a visit's response in those terms. */
const SNAPSHOT_RESPONSE: Record<string, string> = { CR: 'CR', CRi: 'CR', nPR: 'PR', PR: 'PR', 'PR-L': 'PR-L', SD: 'SD', PD: 'PD' };
const MOLECULAR = [['del17p', 'del17p'], ['tp53', 'tp53'], ['ighv', 'ighv']] as const;

/**
 * Where the snapshot forms and the course disagree (soft: stored data that need a look, not a
 * refusal): the entered best response against the best response of the visits; the baseline
 * del(17p), TP53 and IGHV against the latest test on or before the ibrutinib start; a
 * discontinuation for adverse events without a logged event whose action is "discontinued"; an
 * event whose action is a dose reduction or an interruption without the dose period or
 * interruption that names it. The derivations are lib/course's, as the record home and the analyses use them.
 */
export function courseAgreements(forms: CheckInput['forms'], course: CourseRecords): { form: FormKey | RecordKind; seq?: number; field: string; message: string }[] {
  const out: { form: FormKey | RecordKind; seq?: number; field: string; message: string }[] = [];
  const events = live(course['adverse-event']);
  const entered = str(forms.response?.bestResponse);
  const derived = bestResponse(course.visit as unknown as VisitInput[]);
  if (entered && derived && SNAPSHOT_RESPONSE[derived.response] !== entered) {
    out.push({ form: 'response', field: 'bestResponse', message: `The best response entered (${entered}) differs from the best response of the visits (${derived.response}, visit ${derived.visitSeq}${derived.date ? ` on ${derived.date}` : ''}).` });
  }
  const base = forms.baseline;
  if (base) {
    const molecular = baselineMolecular({ ibrutinibStart: str(base.ibrutinibStart) } as BaselineInput, course['molecular-test'] as unknown as MolecularTestInput[]);
    for (const [marker, field] of MOLECULAR) {
      const fromTest = molecular[marker];
      const stored = str(base[field]);
      if (fromTest.source !== 'test' || stored === null || stored === 'not_tested' || stored === fromTest.value) continue;
      const list = marker === 'del17p' ? 'del17p' : marker;
      out.push({ form: 'baseline', field, message: `The baseline value (${codeLabel(list, stored, 'short')}) differs from the latest test on or before the ibrutinib start (test ${fromTest.testSeq}, ${fromTest.sampleDate}: ${codeLabel(list, String(fromTest.value), 'short')}).` });
    }
  }
  if (forms.discontinuation?.reason === 'adverse_event' && !events.some((e) => e.action === 'discontinued')) {
    out.push({ form: 'discontinuation', field: 'reason', message: 'Ibrutinib was stopped for an adverse event, but no logged adverse event has the action "discontinued".' });
  }
  const linked = (kind: 'dose-period' | 'interruption', seq: number) => live(course[kind]).some((i) => Number(i.adverseEventSeq) === seq);
  for (const e of events) {
    if (e.action === 'dose_reduced' && !linked('dose-period', e.seq)) {
      out.push({ form: 'adverse-event', seq: e.seq, field: 'action', message: `${instanceName('adverse-event', e.seq)} led to a dose reduction, but no ${recordDef('dose-period').label.toLowerCase()} names it as the reason.` });
    }
    if (e.action === 'interrupted' && !linked('interruption', e.seq)) {
      out.push({ form: 'adverse-event', seq: e.seq, field: 'action', message: `${instanceName('adverse-event', e.seq)} led to an interruption, but no interruption names it as the reason.` });
    }
  }
  return out;
}

/** Where a finding points, in the words of the forms: its form or instance, its field, and the page to correct it on. */
export function findingPlace(r: Pick<CheckRow, 'patientCode' | 'form' | 'seq' | 'field'>): { formLabel: string; fieldLabel: string; href: string } {
  if (isFormKey(r.form)) {
    return { formLabel: FORM_LABELS[r.form], fieldLabel: r.field === null ? '—' : fieldLabel(r.form, r.field), href: `/patients/${r.patientCode}/${r.form}` };
  }
  const def = recordDef(r.form);
  return {
    formLabel: r.seq === undefined ? def.plural : instanceName(r.form, r.seq),
    fieldLabel: r.field === null ? '—' : recordFieldLabel(r.form, r.field),
    href: `/patients/${r.patientCode}/${def.slug}${r.seq === undefined ? '' : `/${r.seq}`}`,
  };
}
