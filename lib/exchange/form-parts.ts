/**
 * Which CRFs an exchange record holds, with which values and status. The record is flat (one CSV
 * row), but every form part is optional as a whole: a row with only the patient columns is a
 * registered patient with no forms. A part with at least one value is a stored form; it is
 * `complete` when it has every value the CRF requires (lib/validation/required-fields.ts, the one
 * definition the edit checks and the workflow use), otherwise `draft` — the status the CRF gives
 * an unfinished form. The form status itself is not exchanged, so it follows from the values: the
 * same file always writes the same forms with the same statuses (the export → import round trip).
 *
 * The values are keyed by the database/CRF field names (db/schema.ts, lib/validation/forms.ts), so
 * the writer and the required-field check read the same object.
 */
import { missingRequiredFields, REQUIRED_FIELDS } from '@/lib/validation/required-fields';
import type { ExchangePatient } from './patient';

export type FormPartStatus = 'draft' | 'complete';

export interface FormPart<V> { values: V; status: FormPartStatus; missing: string[] }

export interface BaselineValues {
  ibrutinibStart: string | null; ageAtStart: number | null; ecog: number | null; raiStage: ExchangePatient['raiStage'];
  binetStage: ExchangePatient['binetStage']; del17p: ExchangePatient['del17p']; ighv: ExchangePatient['ighv']; priorLines: number | null;
  priorPurineAnalogue: boolean | null; priorAntiCd20: boolean | null; inclusionCriteria: ExchangePatient['inclusionCriteria'];
}
export interface ResponseValues { bestResponse: ExchangePatient['bestResponse']; assessedDate: string | null }
type Disc = NonNullable<ExchangePatient['discontinuation']>;
export interface DiscontinuationValues {
  lastDoseDate: string; reason: Disc['reason']; reasonOther: string | null; progressionType: Disc['progressionType'];
  rtHistology: Disc['rtHistology']; cnsInvolvement: boolean | null; resistanceMutations: string | null; aeTerm: string | null;
  aeSoc: string | null; aeGrade: number | null; aeEtiology: string | null; aeVerbatim: string | null; aeOnsetDate: string | null;
}
export interface FollowUpValues {
  vitalStatus: ExchangePatient['vitalStatus']; lastContactDate: string | null; deathDate: string | null;
  deathCause: ExchangePatient['deathCause']; deathCauseOther: string | null;
}

export interface FormParts {
  baseline: FormPart<BaselineValues> | null;
  response: FormPart<ResponseValues> | null;
  discontinuation: FormPart<DiscontinuationValues> | null;
  /** The subsequent-therapies form: written when the record lists therapies (it has no required fields). */
  therapies: FormPart<ExchangePatient['subsequentTherapies']> | null;
  followUp: FormPart<FollowUpValues> | null;
}

const hasValue = (values: object) => Object.values(values).some((v) => v !== null && v !== undefined);

function part<V extends object>(form: Parameters<typeof missingRequiredFields>[0], values: V): FormPart<V> | null {
  if (!hasValue(values)) return null;
  const missing = missingRequiredFields(form, values as Record<string, unknown>);
  return { values, status: missing.length ? 'draft' : 'complete', missing };
}

export function baselineValues(p: ExchangePatient): BaselineValues {
  return {
    ibrutinibStart: p.ibrutinibStart, ageAtStart: p.ageAtStart, ecog: p.ecog, raiStage: p.raiStage, binetStage: p.binetStage,
    del17p: p.del17p, ighv: p.ighv, priorLines: p.priorLines, priorPurineAnalogue: p.priorPurineAnalogue, priorAntiCd20: p.priorAntiCd20,
    inclusionCriteria: p.inclusionCriteria,
  };
}

export function responseValues(p: ExchangePatient): ResponseValues {
  return { bestResponse: p.bestResponse, assessedDate: p.responseAssessedDate };
}

export function discontinuationValues(d: Disc): DiscontinuationValues {
  const ae = d.adverseEvent;
  return {
    lastDoseDate: d.date, reason: d.reason, reasonOther: d.reasonOther, progressionType: d.progressionType, rtHistology: d.rtHistology,
    cnsInvolvement: d.cnsInvolvement, resistanceMutations: d.resistanceMutations, aeTerm: ae?.term ?? null, aeSoc: ae?.soc ?? null,
    aeGrade: ae?.grade ?? null, aeEtiology: ae?.etiology ?? null, aeVerbatim: ae?.verbatim ?? null, aeOnsetDate: ae?.onsetDate ?? null,
  };
}

export function followUpValues(p: ExchangePatient): FollowUpValues {
  return { vitalStatus: p.vitalStatus, lastContactDate: p.lastContactDate, deathDate: p.deathDate, deathCause: p.deathCause, deathCauseOther: p.deathCauseOther };
}

/** The forms this record writes (null = no form), each with its values and status. */
export function formParts(p: ExchangePatient): FormParts {
  return {
    baseline: part('baseline', baselineValues(p)),
    response: part('response', responseValues(p)),
    discontinuation: p.discontinuation ? part('discontinuation', discontinuationValues(p.discontinuation)) : null,
    therapies: p.subsequentTherapies.length ? { values: p.subsequentTherapies, status: 'complete', missing: [] } : null,
    followUp: part('follow-up', followUpValues(p)),
  };
}

type CrfForm = Parameters<typeof missingRequiredFields>[0];

/** The CRF form and field each form column of the cohort CSV carries (codes.ts names the columns). */
export const CRF_FIELD_OF_COLUMN: Readonly<Record<string, { form: CrfForm; field: string }>> = {
  ...Object.fromEntries(['ibrutinibStart', 'ageAtStart', 'ecog', 'raiStage', 'binetStage', 'del17p', 'ighv', 'priorLines', 'priorPurineAnalogue',
    'priorAntiCd20', 'inclusionCriteria'].map((f) => [f, { form: 'baseline' as const, field: f }])),
  bestResponse: { form: 'response', field: 'bestResponse' }, response_assessedDate: { form: 'response', field: 'assessedDate' },
  disc_date: { form: 'discontinuation', field: 'lastDoseDate' }, disc_reason: { form: 'discontinuation', field: 'reason' },
  disc_reasonOther: { form: 'discontinuation', field: 'reasonOther' }, disc_progressionType: { form: 'discontinuation', field: 'progressionType' },
  disc_rtHistology: { form: 'discontinuation', field: 'rtHistology' }, disc_cnsInvolvement: { form: 'discontinuation', field: 'cnsInvolvement' },
  disc_resistanceMutations: { form: 'discontinuation', field: 'resistanceMutations' }, ae_term: { form: 'discontinuation', field: 'aeTerm' },
  ae_soc: { form: 'discontinuation', field: 'aeSoc' }, ae_grade: { form: 'discontinuation', field: 'aeGrade' },
  ae_etiology: { form: 'discontinuation', field: 'aeEtiology' }, ae_paperLabel: { form: 'discontinuation', field: 'aeVerbatim' },
  ae_onsetDate: { form: 'discontinuation', field: 'aeOnsetDate' }, subsequentTherapies: { form: 'therapies', field: 'rows' },
  ...Object.fromEntries(['vitalStatus', 'lastContactDate', 'deathDate', 'deathCause', 'deathCauseOther'].map((f) => [f, { form: 'follow-up' as const, field: f }])),
};

/** Answers that make further fields required (required-fields.ts decides which). */
const CONDITIONAL_PROBES: readonly [CrfForm, Record<string, unknown>][] = [
  ['discontinuation', { reason: 'adverse_event' }], ['discontinuation', { reason: 'other' }],
  ['follow-up', { vitalStatus: 'dead' }], ['follow-up', { deathCause: 'other' }],
];

/** Whether a column's cell must hold a value, for the data dictionary and docs/exchange.md. */
export function cellRule(column: { name: string; form: string }): string {
  if (column.form === 'derived') return 'derived: may be empty; checked when given';
  if (column.form === 'patient') return column.name === 'patientStatus' ? 'may be empty (= active)' : 'required';
  const f = CRF_FIELD_OF_COLUMN[column.name];
  if (!f) return 'may be empty';
  if (!REQUIRED_FIELDS[f.form].includes(f.field)) {
    return CONDITIONAL_PROBES.some(([form, row]) => form === f.form && missingRequiredFields(form, row).includes(f.field))
      ? 'may be empty unless other answers require it (docs/exchange.md, "Empty cells")' : 'may be empty';
  }
  // The discontinuation part is all or nothing on these two (its presence is what "discontinued" means).
  if (f.form === 'discontinuation') return 'required when any discontinuation cell is filled';
  return `may be empty: the ${f.form} form is then a draft (no form when all its cells are empty)`;
}
