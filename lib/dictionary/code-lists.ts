/**
 * Every code list of the registry, defined once. db/schema.ts builds its PostgreSQL enums from these
 * codes, the CRF controls and import/export read them, and their labels are in the text catalogue
 * (lib/dictionary/text/en.ts). Codes are the stable vocabulary of the data files (domain.md):
 * labels may change, codes never. `name` is the enum's (and the exported code list's) name;
 * `numeric` lists are whole numbers stored as smallint (ECOG, CTCAE grade).
 *
 * Relative imports only: drizzle-kit loads this file through db/schema.ts.
 */
export interface CodeListDef { readonly name: string; readonly codes: readonly [string, ...string[]]; readonly numeric?: boolean }

export const CODE_LIST_DEFS = {
  sex: { name: 'sex', codes: ['male', 'female'] },
  patientStatus: { name: 'patient_status', codes: ['active', 'withdrawn', 'entered_in_error'] },
  raiStage: { name: 'rai_stage', codes: ['0', 'I', 'II', 'III', 'IV'] },
  binetStage: { name: 'binet_stage', codes: ['A', 'B', 'C'] },
  del17p: { name: 'del17p', codes: ['present', 'absent', 'not_tested'] },
  ighv: { name: 'ighv', codes: ['mutated', 'unmutated', 'not_tested'] },
  tp53: { name: 'tp53', codes: ['mutated', 'unmutated', 'not_tested'] },
  response: { name: 'response', codes: ['CR', 'PR', 'PR-L', 'SD', 'PD', 'NE'] },
  discReason: { name: 'discontinuation_reason', codes: ['adverse_event', 'progression', 'patient_decision', 'lost_to_follow_up', 'other'] },
  progressionType: { name: 'progression_type', codes: ['CLL', 'RT'] },
  rtHistology: { name: 'rt_histology', codes: ['DLBCL', 'Hodgkin'] },
  vitalStatus: { name: 'vital_status', codes: ['alive', 'dead', 'unknown'] },
  deathCause: {
    name: 'death_cause',
    codes: [
      'progression of CLL', 'infection', 'multi-organ failure', 'heart failure', 'gastrointestinal bleeding',
      'cerebellar ischemic stroke', 'exacerbation of COPD', 'suicide', 'bladder cancer', 'unknown', 'other',
    ],
  },
  aeGrade: { name: 'ctcae_grade', codes: ['1', '2', '3', '4', '5'], numeric: true },
  ecog: { name: 'ecog', codes: ['0', '1', '2', '3', '4'], numeric: true },
  inclusion: { name: 'inclusion_criterion', codes: ['a', 'b', 'c', 'd', 'e', 'f'] },
  missing: { name: 'missing_reason', codes: ['not_done', 'unknown', 'not_applicable'] },
  // The patient's course (repeating records).
  /** iwCLL 2018 response categories at a visit (the snapshot's best response predates CRi and nPR). */
  visitResponse: { name: 'iwcll_response', codes: ['CR', 'CRi', 'nPR', 'PR', 'PR-L', 'SD', 'PD', 'NE'] },
  ibrutinibStatus: { name: 'ibrutinib_status', codes: ['full_dose', 'reduced_dose', 'interrupted', 'discontinued'] },
  aeRelation: { name: 'ae_relation', codes: ['not_related', 'unlikely', 'possible', 'probable', 'definite'] },
  aeAction: { name: 'ae_action', codes: ['none', 'interrupted', 'dose_reduced', 'discontinued'] },
  aeOutcome: { name: 'ae_outcome', codes: ['recovered', 'recovering', 'not_recovered', 'recovered_with_sequelae', 'fatal', 'unknown'] },
  ibrutinibDose: { name: 'ibrutinib_dose', codes: ['420', '280', '140', 'other'] },
  /** Why a dose changed or the drug was interrupted. */
  courseReason: { name: 'course_reason', codes: ['adverse_event', 'procedure', 'drug_interaction', 'patient_decision', 'other'] },
  aberration: { name: 'aberration', codes: ['present', 'absent', 'not_tested'] },
  karyotype: { name: 'karyotype', codes: ['complex', 'not_complex', 'not_tested'] },
} as const satisfies Record<string, CodeListDef>;

export type CodeListKey = keyof typeof CODE_LIST_DEFS;
export type CodeOf<K extends CodeListKey> = (typeof CODE_LIST_DEFS)[K]['codes'][number];

export function codesOf<K extends CodeListKey>(key: K): (typeof CODE_LIST_DEFS)[K]['codes'] {
  return CODE_LIST_DEFS[key].codes;
}
