/**
 * The exchange vocabulary: every code list and every column of the cohort CSV, in file order.
 * One table drives the import parser, the CSV/JSON exports, the data dictionary, the R and SPSS
 * syntax files and the CDISC ODM metadata, so they cannot drift apart. Codes come from db/schema.ts
 * enums (domain.md: "keep the codes stable").
 */
import {
  binetEnum, deathCauseEnum, del17pEnum, discReasonEnum, ighvEnum, patientStatusEnum, progressionTypeEnum,
  raiEnum, responseEnum, rtHistologyEnum, sexEnum, vitalStatusEnum,
} from '@/db/schema';

export interface CodeList { name: string; codes: readonly string[]; labels: Readonly<Record<string, string>> }

const same = (codes: readonly string[]) => Object.fromEntries(codes.map((c) => [c, c]));

export const CODE_LISTS = {
  sex: { name: 'sex', codes: sexEnum.enumValues, labels: { male: 'Male', female: 'Female' } },
  raiStage: { name: 'rai_stage', codes: raiEnum.enumValues, labels: { 0: 'Rai 0', I: 'Rai I', II: 'Rai II', III: 'Rai III', IV: 'Rai IV' } },
  binetStage: { name: 'binet_stage', codes: binetEnum.enumValues, labels: { A: 'Binet A', B: 'Binet B', C: 'Binet C' } },
  del17p: { name: 'del17p', codes: del17pEnum.enumValues, labels: { present: 'del(17p) present', absent: 'del(17p) absent', not_tested: 'Not tested' } },
  ighv: { name: 'ighv', codes: ighvEnum.enumValues, labels: { mutated: 'IGHV mutated', unmutated: 'IGHV unmutated', not_tested: 'Not tested' } },
  response: {
    name: 'response', codes: responseEnum.enumValues,
    labels: { CR: 'Complete response', PR: 'Partial response', 'PR-L': 'Partial response with lymphocytosis', SD: 'Stable disease', PD: 'Progressive disease', NE: 'Not evaluable' },
  },
  discReason: {
    name: 'discontinuation_reason', codes: discReasonEnum.enumValues,
    labels: { adverse_event: 'Adverse event', progression: 'Progression', patient_decision: 'Patient decision', lost_to_follow_up: 'Lost to follow-up', other: 'Other' },
  },
  progressionType: { name: 'progression_type', codes: progressionTypeEnum.enumValues, labels: { CLL: 'CLL progression (untransformed)', RT: 'Richter transformation' } },
  rtHistology: { name: 'rt_histology', codes: rtHistologyEnum.enumValues, labels: { DLBCL: 'Diffuse large B-cell lymphoma', Hodgkin: 'Hodgkin lymphoma' } },
  vitalStatus: { name: 'vital_status', codes: vitalStatusEnum.enumValues, labels: { alive: 'Alive', dead: 'Dead', unknown: 'Unknown' } },
  deathCause: { name: 'death_cause', codes: deathCauseEnum.enumValues, labels: same(deathCauseEnum.enumValues) },
  patientStatus: { name: 'patient_status', codes: patientStatusEnum.enumValues, labels: { active: 'Active', withdrawn: 'Withdrawn', entered_in_error: 'Entered in error' } },
  aeGrade: { name: 'ctcae_grade', codes: ['1', '2', '3', '4', '5'], labels: { 1: 'Grade 1 (mild)', 2: 'Grade 2 (moderate)', 3: 'Grade 3 (severe)', 4: 'Grade 4 (life-threatening)', 5: 'Grade 5 (death)' } },
  ecog: { name: 'ecog', codes: ['0', '1', '2', '3', '4'], labels: { 0: 'ECOG 0', 1: 'ECOG 1', 2: 'ECOG 2', 3: 'ECOG 3', 4: 'ECOG 4' } },
  inclusion: { name: 'inclusion_criterion', codes: ['a', 'b', 'c', 'd', 'e', 'f'], labels: same(['a', 'b', 'c', 'd', 'e', 'f']) },
} satisfies Record<string, CodeList>;

export type CodeListKey = keyof typeof CODE_LISTS;

export type ColumnKind = 'text' | 'integer' | 'decimal' | 'date' | 'boolean' | 'code' | 'therapies' | 'letters';
/** Which CRF a column belongs to (ODM FormDef), or `derived` for computed analysis columns. */
export type FormKey = 'patient' | 'baseline' | 'response' | 'discontinuation' | 'therapy' | 'follow_up' | 'derived';

export interface ColumnDef {
  name: string;
  kind: ColumnKind;
  form: FormKey;
  label: string;
  codes?: CodeListKey;
  unit?: string;
  /** Must be present as a column in an imported CSV (optional columns may be left out). */
  requiredColumn: boolean;
  notes?: string;
}

const c = (name: string, kind: ColumnKind, form: FormKey, label: string, more: Partial<ColumnDef> = {}): ColumnDef => ({
  name, kind, form, label, requiredColumn: form !== 'derived', ...more,
});

/** Columns of the demo cohort CSV (in its order) followed by the registry's further fields. */
export const COLUMNS: readonly ColumnDef[] = [
  c('id', 'text', 'patient', 'Patient pseudonym id (centre code + sequence, e.g. PL-03-017)'),
  c('centre', 'text', 'patient', 'Centre code (e.g. PL-03)'),
  c('centre_city', 'text', 'derived', 'City of the centre (from the registry)'),
  c('sex', 'code', 'patient', 'Sex', { codes: 'sex' }),
  c('birthYear', 'integer', 'patient', 'Year of birth', { unit: 'year' }),
  c('ibrutinibStart', 'date', 'baseline', 'Ibrutinib start date'),
  c('ageAtStart', 'integer', 'baseline', 'Age at ibrutinib start', { unit: 'years', notes: 'empty: derived from birth year (start year − birth year, minus one before 2 July)' }),
  c('ecog', 'code', 'baseline', 'ECOG performance status', { codes: 'ecog' }),
  c('raiStage', 'code', 'baseline', 'Rai stage', { codes: 'raiStage' }),
  c('del17p', 'code', 'baseline', '17p deletion (FISH)', { codes: 'del17p' }),
  c('priorLines', 'integer', 'baseline', 'Number of prior lines of therapy', { unit: 'lines' }),
  c('bestResponse', 'code', 'response', 'Best response on ibrutinib (iwCLL)', { codes: 'response' }),
  c('discontinued', 'boolean', 'derived', 'Ibrutinib discontinued (TRUE when disc_date is given)'),
  c('disc_date', 'date', 'discontinuation', 'Date of last ibrutinib dose'),
  c('disc_reason', 'code', 'discontinuation', 'Reason for discontinuation', { codes: 'discReason' }),
  c('disc_progressionType', 'code', 'discontinuation', 'Type of progression', { codes: 'progressionType' }),
  c('disc_rtHistology', 'code', 'discontinuation', 'Richter transformation histology', { codes: 'rtHistology' }),
  c('disc_cnsInvolvement', 'boolean', 'discontinuation', 'CNS involvement (biopsy-confirmed)'),
  c('ae_term', 'text', 'discontinuation', 'Adverse event: CTCAE v4.03 term'),
  c('ae_soc', 'text', 'discontinuation', 'Adverse event: CTCAE system organ class'),
  c('ae_grade', 'code', 'discontinuation', 'Adverse event: CTCAE grade', { codes: 'aeGrade' }),
  c('ae_etiology', 'text', 'discontinuation', 'Adverse event: pathogen / etiology'),
  c('ae_paperLabel', 'text', 'discontinuation', 'Adverse event: verbatim term as reported'),
  c('subsequentTherapies', 'therapies', 'therapy', 'Subsequent therapies: "regimen (response); …"', { notes: 'see docs/exchange.md' }),
  c('n_subsequentTherapies', 'integer', 'derived', 'Number of subsequent therapies'),
  c('vitalStatus', 'code', 'follow_up', 'Vital status', { codes: 'vitalStatus' }),
  c('deathDate', 'date', 'follow_up', 'Date of death'),
  c('deathCause', 'code', 'follow_up', 'Cause of death', { codes: 'deathCause' }),
  c('lastContactDate', 'date', 'follow_up', 'Date of last contact'),
  c('os_days_from_discontinuation', 'integer', 'derived', 'Overall survival after discontinuation', { unit: 'days' }),
  c('os_months', 'decimal', 'derived', 'Overall survival after discontinuation', { unit: 'months (days / 30.4375)' }),
  c('os_event', 'integer', 'derived', 'Death after discontinuation (1 = died, 0 = censored)'),
  c('treatment_days', 'integer', 'derived', 'Time on ibrutinib', { unit: 'days' }),
  c('treatment_months', 'decimal', 'derived', 'Time on ibrutinib', { unit: 'months (days / 30.4375)' }),
  c('treatment_ongoing', 'boolean', 'derived', 'Still on ibrutinib at last contact'),
  c('fu_days_from_start', 'integer', 'derived', 'Follow-up from ibrutinib start', { unit: 'days' }),
  c('fu_months_from_start', 'decimal', 'derived', 'Follow-up from ibrutinib start', { unit: 'months (days / 30.4375)' }),
  c('fu_death', 'integer', 'derived', 'Death during follow-up (1 = died, 0 = censored)'),
  // The registry's further fields: optional columns (left out → empty).
  c('binetStage', 'code', 'baseline', 'Binet stage', { codes: 'binetStage', requiredColumn: false }),
  c('ighv', 'code', 'baseline', 'IGHV mutation status', { codes: 'ighv', requiredColumn: false }),
  c('priorPurineAnalogue', 'boolean', 'baseline', 'Prior purine analogue', { requiredColumn: false }),
  c('priorAntiCd20', 'boolean', 'baseline', 'Prior anti-CD20 antibody', { requiredColumn: false }),
  c('inclusionCriteria', 'letters', 'baseline', 'Programme inclusion criteria met (letters a–f, e.g. "a;c")', { codes: 'inclusion', requiredColumn: false }),
  c('response_assessedDate', 'date', 'response', 'Date best response assessed', { requiredColumn: false }),
  c('disc_reasonOther', 'text', 'discontinuation', 'Other reason for discontinuation (text)', { requiredColumn: false }),
  c('disc_resistanceMutations', 'text', 'discontinuation', 'Resistance mutations tested (e.g. BTK C481S)', { requiredColumn: false }),
  c('ae_onsetDate', 'date', 'discontinuation', 'Adverse event: onset date', { requiredColumn: false }),
  c('deathCauseOther', 'text', 'follow_up', 'Other cause of death (text)', { requiredColumn: false }),
  c('patientStatus', 'code', 'patient', 'Record status', { codes: 'patientStatus', requiredColumn: false, notes: 'empty = active' }),
];

export const COLUMN_NAMES = COLUMNS.map((col) => col.name);
export const COLUMN_BY_NAME: ReadonlyMap<string, ColumnDef> = new Map(COLUMNS.map((col) => [col.name, col]));
export const DERIVED_COLUMNS = COLUMNS.filter((col) => col.form === 'derived').map((col) => col.name);

export function codeList(key: CodeListKey): CodeList {
  return CODE_LISTS[key];
}
