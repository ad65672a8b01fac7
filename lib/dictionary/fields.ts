/**
 * THE DATA DICTIONARY: every captured field of the registry, once, in form order.
 *
 * To add a field: one entry here, its texts in lib/dictionary/text/en.ts, its column in db/schema.ts
 * and a generated migration (docs/data-dictionary.md, "How to add a field"). Everything else —
 * the CRF's zod schema and control, the stored-row mapping, the summary, the cohort CSV/JSON, the
 * dictionary file, R/SPSS syntax, ODM, Table 1 and the groupings — reads this list.
 * lib/dictionary/schema-agreement.test.ts fails when this list and db/schema.ts disagree.
 *
 * Order matters: it is the order of the form's controls, the summary, the ODM items, Table 1's rows
 * and of new optional columns at the end of the cohort CSV.
 */
import type { FieldDef } from './types';

const AE = { field: 'reason', in: ['adverse_event'] } as const;
const PROGRESSION = { field: 'reason', in: ['progression'] } as const;
const DEAD = { field: 'vitalStatus', in: ['dead'] } as const;
// Conditions of the repeating records name value keys of the same record.
const VISIT_PROGRESSION = { field: 'progression', in: ['true'] } as const;
const NOT_ONGOING = { field: 'ongoing', in: ['false'] } as const;
const OTHER_DOSE = { field: 'dose', in: ['other'] } as const;
const OTHER_REASON = { field: 'reason', in: ['other'] } as const;
const AE_REASON = { field: 'reason', in: ['adverse_event'] } as const;

export const FIELDS = [
  // Registration (the patients table): entered when the patient is registered, exchanged with the cohort.
  {
    name: 'sex', form: 'patient', column: 'sex', type: 'code', codeList: 'sex', required: 'always',
    exchange: { column: 'sex', path: 'sex', requiredColumn: true }, odm: { oid: 'I.SEX', group: 'IG.DEMOGRAPHICS', mandatory: true },
    analysis: { table1: { key: 'sex', kind: 'categorical' }, grouping: { key: 'sex', ordinal: false } },
  },
  {
    name: 'birthYear', form: 'patient', column: 'birth_year', type: 'integer', unit: 'year', required: 'always', min: 1900,
    exchange: { column: 'birthYear', path: 'birthYear', requiredColumn: true, min: 1900, maxIsCurrentYear: true },
    odm: { oid: 'I.BIRTHYEAR', group: 'IG.DEMOGRAPHICS', mandatory: true },
  },
  {
    name: 'patientStatus', form: 'patient', column: 'status', type: 'code', codeList: 'patientStatus',
    exchange: { column: 'patientStatus', path: 'status', requiredColumn: false },
    odm: { oid: 'I.PATIENTSTATUS', group: 'IG.DEMOGRAPHICS', mandatory: true },
  },

  // Baseline at ibrutinib start.
  {
    name: 'ibrutinibStart', form: 'baseline', column: 'ibrutinib_start', type: 'date', required: 'always',
    exchange: { column: 'ibrutinibStart', path: 'ibrutinibStart', requiredColumn: true },
    odm: { oid: 'I.IBRUTINIBSTART', group: 'IG.BASELINE', mandatory: true }, analysis: { dataset: 'start' },
  },
  {
    name: 'ageAtStart', form: 'baseline', column: 'age_at_start', type: 'integer', unit: 'years', entry: 'computed', min: 18, max: 110,
    exchange: { column: 'ageAtStart', path: 'ageAtStart', requiredColumn: true, min: 18, max: 110 },
    odm: { oid: 'I.AGEATSTART', group: 'IG.BASELINE', mandatory: true },
    analysis: { table1: { key: 'age', kind: 'median' }, grouping: { key: 'age', ordinal: true } },
  },
  {
    name: 'ecog', form: 'baseline', column: 'ecog', type: 'integer', codeList: 'ecog', min: 0, max: 4, required: 'always',
    exchange: { column: 'ecog', path: 'ecog', requiredColumn: true, min: 0, max: 4 }, odm: { oid: 'I.ECOG', group: 'IG.BASELINE', mandatory: true },
    analysis: { table1: { key: 'ecog', kind: 'categorical' }, grouping: { key: 'ecog', ordinal: true } },
  },
  {
    name: 'raiStage', form: 'baseline', column: 'rai_stage', type: 'code', codeList: 'raiStage', required: 'always',
    exchange: { column: 'raiStage', path: 'raiStage', requiredColumn: true }, odm: { oid: 'I.RAISTAGE', group: 'IG.BASELINE', mandatory: true },
    analysis: { table1: { key: 'rai', kind: 'categorical' }, grouping: { key: 'rai', ordinal: true } },
  },
  {
    name: 'binetStage', form: 'baseline', column: 'binet_stage', type: 'code', codeList: 'binetStage',
    exchange: { column: 'binetStage', path: 'binetStage', requiredColumn: false }, odm: { oid: 'I.BINETSTAGE', group: 'IG.BASELINE' },
    analysis: { grouping: { key: 'binet', ordinal: true } },
  },
  {
    name: 'del17p', form: 'baseline', column: 'del17p', type: 'code', codeList: 'del17p', required: 'always',
    exchange: { column: 'del17p', path: 'del17p', requiredColumn: true }, odm: { oid: 'I.DEL17P', group: 'IG.BASELINE', mandatory: true },
    analysis: { table1: { key: 'del17p', kind: 'categorical' }, grouping: { key: 'del17p', ordinal: false } },
  },
  {
    name: 'ighv', form: 'baseline', column: 'ighv', type: 'code', codeList: 'ighv', required: 'on-entry', missingCodes: ['unknown'],
    exchange: { column: 'ighv', path: 'ighv', requiredColumn: false }, odm: { oid: 'I.IGHV', group: 'IG.BASELINE' },
    analysis: { table1: { key: 'ighv', kind: 'categorical' }, grouping: { key: 'ighv', ordinal: false } },
  },
  {
    name: 'tp53', form: 'baseline', column: 'tp53', type: 'code', codeList: 'tp53',
    exchange: { column: 'tp53', path: 'tp53', requiredColumn: false }, odm: { oid: 'I.TP53', group: 'IG.BASELINE' },
    analysis: { table1: { key: 'tp53', kind: 'categorical' }, grouping: { key: 'tp53', ordinal: false } },
  },
  {
    name: 'b2m', form: 'baseline', column: 'b2m', type: 'decimal', unit: 'mg/L', min: 0.1, max: 100, scale: 2,
    missingCodes: ['not_done', 'unknown'],
    exchange: { column: 'b2m', path: 'b2m', requiredColumn: false, min: 0.1, max: 100 }, odm: { oid: 'I.B2M', group: 'IG.BASELINE' },
    analysis: { table1: { key: 'b2m', kind: 'median' } },
  },
  {
    name: 'priorLines', form: 'baseline', column: 'prior_lines', type: 'integer', unit: 'lines', min: 1, max: 20, required: 'always',
    exchange: { column: 'priorLines', path: 'priorLines', requiredColumn: true, min: 1, max: 30 },
    odm: { oid: 'I.PRIORLINES', group: 'IG.BASELINE', mandatory: true },
    // Table 1's prior-lines rows (median and the paper's "≥ 3" note) are written out in lib/analysis/table1.ts.
    analysis: { grouping: { key: 'prior_lines', ordinal: true } },
  },
  {
    name: 'priorPurineAnalogue', form: 'baseline', column: 'prior_purine_analogue', type: 'boolean', required: 'on-entry',
    missingCodes: ['unknown'],
    exchange: { column: 'priorPurineAnalogue', path: 'priorPurineAnalogue', requiredColumn: false },
    odm: { oid: 'I.PRIORPURINEANALOGUE', group: 'IG.BASELINE' },
  },
  {
    name: 'priorAntiCd20', form: 'baseline', column: 'prior_anti_cd20', type: 'boolean', required: 'on-entry',
    missingCodes: ['unknown'],
    exchange: { column: 'priorAntiCd20', path: 'priorAntiCd20', requiredColumn: false }, odm: { oid: 'I.PRIORANTICD20', group: 'IG.BASELINE' },
  },
  {
    name: 'inclusionCriteria', form: 'baseline', column: 'inclusion_criteria', type: 'codes', codeList: 'inclusion', max: 6,
    exchange: { column: 'inclusionCriteria', path: 'inclusionCriteria', requiredColumn: false },
    odm: { oid: 'I.INCLUSIONCRITERIA', group: 'IG.BASELINE' },
  },

  // Response.
  {
    name: 'bestResponse', form: 'response', column: 'best_response', type: 'code', codeList: 'response', required: 'always',
    exchange: { column: 'bestResponse', path: 'bestResponse', requiredColumn: true }, odm: { oid: 'I.BESTRESPONSE', group: 'IG.RESPONSE' },
    analysis: { grouping: { key: 'best_response', ordinal: false } },
  },
  {
    name: 'assessedDate', form: 'response', column: 'assessed_date', type: 'date', required: 'always', missingCodes: ['unknown'],
    exchange: { column: 'response_assessedDate', path: 'responseAssessedDate', requiredColumn: false },
    odm: { oid: 'I.RESPONSE_ASSESSEDDATE', group: 'IG.RESPONSE' },
  },

  // Discontinuation.
  {
    name: 'lastDoseDate', form: 'discontinuation', column: 'last_dose_date', type: 'date', required: 'always',
    exchange: { column: 'disc_date', path: 'discontinuation.date', requiredColumn: true },
    odm: { oid: 'I.DISC_DATE', group: 'IG.DISCONTINUATION', mandatory: true }, analysis: { dataset: 'discDate' },
  },
  {
    name: 'reason', form: 'discontinuation', column: 'reason', type: 'code', codeList: 'discReason', required: 'always',
    exchange: { column: 'disc_reason', path: 'discontinuation.reason', requiredColumn: true },
    odm: { oid: 'I.DISC_REASON', group: 'IG.DISCONTINUATION', mandatory: true }, analysis: { dataset: 'discReason' },
  },
  {
    name: 'reasonOther', form: 'discontinuation', column: 'reason_other', type: 'text', maxLength: 500, multiline: true,
    requiredWhen: { field: 'reason', in: ['other'] },
    exchange: { column: 'disc_reasonOther', path: 'discontinuation.reasonOther', requiredColumn: false },
    odm: { oid: 'I.DISC_REASONOTHER', group: 'IG.DISCONTINUATION' },
  },
  {
    name: 'aeTerm', form: 'discontinuation', column: 'ae_term', type: 'text', maxLength: 300, widget: 'ctcae-term',
    requiredWhen: AE, onlyWhen: AE,
    // Stored as "<term>: <specification>" for "Other, specify" terms (term 300 + specification 200).
    exchange: { column: 'ae_term', path: 'discontinuation.adverseEvent.term', requiredColumn: true, maxLength: 502 },
    odm: { oid: 'I.AE_TERM', group: 'IG.DISCONTINUATION' },
  },
  {
    // Typed on the CRF for "… - Other, specify" terms; stored inside ae_term.
    name: 'aeTermSpecify', form: 'discontinuation', column: null, type: 'text', maxLength: 200, entry: 'form-only', onlyWhen: AE,
  },
  {
    name: 'aeSoc', form: 'discontinuation', column: 'ae_soc', type: 'text', maxLength: 200, entry: 'computed',
    exchange: { column: 'ae_soc', path: 'discontinuation.adverseEvent.soc', requiredColumn: true },
    odm: { oid: 'I.AE_SOC', group: 'IG.DISCONTINUATION' },
  },
  {
    name: 'aeVerbatim', form: 'discontinuation', column: 'ae_verbatim', type: 'text', maxLength: 200, onlyWhen: AE,
    exchange: { column: 'ae_paperLabel', path: 'discontinuation.adverseEvent.verbatim', requiredColumn: true },
    odm: { oid: 'I.AE_PAPERLABEL', group: 'IG.DISCONTINUATION' },
  },
  {
    name: 'aeGrade', form: 'discontinuation', column: 'ae_grade', type: 'integer', codeList: 'aeGrade', min: 1, max: 5,
    requiredWhen: AE, onlyWhen: AE,
    exchange: { column: 'ae_grade', path: 'discontinuation.adverseEvent.grade', requiredColumn: true, min: 1, max: 5 },
    odm: { oid: 'I.AE_GRADE', group: 'IG.DISCONTINUATION' },
  },
  {
    name: 'aeOnsetDate', form: 'discontinuation', column: 'ae_onset_date', type: 'date', requiredWhen: AE, onlyWhen: AE,
    missingCodes: ['unknown'],
    exchange: { column: 'ae_onsetDate', path: 'discontinuation.adverseEvent.onsetDate', requiredColumn: false },
    odm: { oid: 'I.AE_ONSETDATE', group: 'IG.DISCONTINUATION' },
  },
  {
    name: 'aeEtiology', form: 'discontinuation', column: 'ae_etiology', type: 'text', maxLength: 200, onlyWhen: AE,
    exchange: { column: 'ae_etiology', path: 'discontinuation.adverseEvent.etiology', requiredColumn: true },
    odm: { oid: 'I.AE_ETIOLOGY', group: 'IG.DISCONTINUATION' },
  },
  {
    name: 'progressionType', form: 'discontinuation', column: 'progression_type', type: 'code', codeList: 'progressionType',
    requiredWhen: PROGRESSION, onlyWhen: PROGRESSION,
    exchange: { column: 'disc_progressionType', path: 'discontinuation.progressionType', requiredColumn: true },
    odm: { oid: 'I.DISC_PROGRESSIONTYPE', group: 'IG.DISCONTINUATION' },
  },
  {
    name: 'rtHistology', form: 'discontinuation', column: 'rt_histology', type: 'code', codeList: 'rtHistology',
    requiredWhen: { field: 'progressionType', in: ['RT'] }, onlyWhen: { field: 'progressionType', in: ['RT'] },
    exchange: { column: 'disc_rtHistology', path: 'discontinuation.rtHistology', requiredColumn: true },
    odm: { oid: 'I.DISC_RTHISTOLOGY', group: 'IG.DISCONTINUATION' },
  },
  {
    name: 'cnsInvolvement', form: 'discontinuation', column: 'cns_involvement', type: 'boolean', onlyWhen: PROGRESSION,
    exchange: { column: 'disc_cnsInvolvement', path: 'discontinuation.cnsInvolvement', requiredColumn: true },
    odm: { oid: 'I.DISC_CNSINVOLVEMENT', group: 'IG.DISCONTINUATION' },
  },
  {
    name: 'resistanceMutations', form: 'discontinuation', column: 'resistance_mutations', type: 'text', maxLength: 300, onlyWhen: PROGRESSION,
    exchange: { column: 'disc_resistanceMutations', path: 'discontinuation.resistanceMutations', requiredColumn: false },
    odm: { oid: 'I.DISC_RESISTANCEMUTATIONS', group: 'IG.DISCONTINUATION' },
  },

  // Subsequent therapies: one row per therapy (the cohort CSV carries them in one encoded cell, lib/exchange/therapies-codec.ts).
  {
    name: 'regimen', form: 'therapies', column: 'regimen', type: 'text', maxLength: 200, required: 'always',
    odm: { oid: 'I.THERAPY_REGIMEN', group: 'IG.THERAPY', mandatory: true },
  },
  { name: 'startDate', form: 'therapies', column: 'start_date', type: 'date', odm: { oid: 'I.THERAPY_STARTDATE', group: 'IG.THERAPY' } },
  {
    name: 'therapyResponse', valueKey: 'bestResponse', form: 'therapies', column: 'best_response', type: 'code', codeList: 'response',
    odm: { oid: 'I.THERAPY_RESPONSE', group: 'IG.THERAPY' },
  },

  // Follow-up and death.
  {
    name: 'vitalStatus', form: 'follow-up', column: 'vital_status', type: 'code', codeList: 'vitalStatus', required: 'always',
    exchange: { column: 'vitalStatus', path: 'vitalStatus', requiredColumn: true }, odm: { oid: 'I.VITALSTATUS', group: 'IG.FOLLOWUP', mandatory: true },
  },
  {
    name: 'lastContactDate', form: 'follow-up', column: 'last_contact_date', type: 'date', required: 'always',
    exchange: { column: 'lastContactDate', path: 'lastContactDate', requiredColumn: true },
    odm: { oid: 'I.LASTCONTACTDATE', group: 'IG.FOLLOWUP', mandatory: true }, analysis: { dataset: 'lastContact' },
  },
  {
    name: 'deathDate', form: 'follow-up', column: 'death_date', type: 'date', requiredWhen: DEAD, onlyWhen: DEAD,
    exchange: { column: 'deathDate', path: 'deathDate', requiredColumn: true }, odm: { oid: 'I.DEATHDATE', group: 'IG.FOLLOWUP' },
  },
  {
    name: 'deathCause', form: 'follow-up', column: 'death_cause', type: 'code', codeList: 'deathCause', requiredWhen: DEAD, onlyWhen: DEAD,
    exchange: { column: 'deathCause', path: 'deathCause', requiredColumn: true }, odm: { oid: 'I.DEATHCAUSE', group: 'IG.FOLLOWUP' },
  },
  {
    name: 'deathCauseOther', form: 'follow-up', column: 'death_cause_other', type: 'text', maxLength: 300, multiline: true,
    requiredWhen: { field: 'deathCause', in: ['other'] }, onlyWhen: { field: 'deathCause', in: ['other'] },
    exchange: { column: 'deathCauseOther', path: 'deathCauseOther', requiredColumn: false },
    odm: { oid: 'I.DEATHCAUSEOTHER', group: 'IG.FOLLOWUP' },
  },

  // Follow-up and death (continued).
  {
    name: 'deathContributingCauses', form: 'follow-up', column: 'death_contributing_causes', type: 'codes', codeList: 'deathCause',
    max: 5, onlyWhen: DEAD, odm: { oid: 'I.DEATHCONTRIBUTINGCAUSES', group: 'IG.FOLLOWUP' },
  },

  // ---- The patient's course: repeating records (lib/dictionary/records.ts) ----
  // Names are unique across the dictionary; `valueKey` is the key in the record's form values, the
  // long-format files and the API (the column name in camelCase).

  // Visit.
  {
    name: 'visitDate', valueKey: 'visitDate', form: 'visit', column: 'visit_date', type: 'date', required: 'always',
    odm: { oid: 'I.VISIT_DATE', group: 'IG.VISIT', mandatory: true },
  },
  {
    name: 'visitEcog', valueKey: 'ecog', form: 'visit', column: 'ecog', type: 'integer', codeList: 'ecog', min: 0, max: 4,
    odm: { oid: 'I.VISIT_ECOG', group: 'IG.VISIT' },
  },
  {
    name: 'visitResponse', valueKey: 'response', form: 'visit', column: 'response', type: 'code', codeList: 'visitResponse',
    odm: { oid: 'I.VISIT_RESPONSE', group: 'IG.VISIT' },
  },
  {
    name: 'visitProgression', valueKey: 'progression', form: 'visit', column: 'progression', type: 'boolean', required: 'always',
    odm: { oid: 'I.VISIT_PROGRESSION', group: 'IG.VISIT', mandatory: true },
  },
  {
    name: 'visitProgressionType', valueKey: 'progressionType', form: 'visit', column: 'progression_type', type: 'code', codeList: 'progressionType',
    requiredWhen: VISIT_PROGRESSION, onlyWhen: VISIT_PROGRESSION, odm: { oid: 'I.VISIT_PROGRESSIONTYPE', group: 'IG.VISIT' },
  },
  {
    name: 'visitIbrutinibStatus', valueKey: 'ibrutinibStatus', form: 'visit', column: 'ibrutinib_status', type: 'code', codeList: 'ibrutinibStatus',
    required: 'always', odm: { oid: 'I.VISIT_IBRUTINIBSTATUS', group: 'IG.VISIT', mandatory: true },
  },
  {
    name: 'visitVitalStatus', valueKey: 'vitalStatus', form: 'visit', column: 'vital_status', type: 'code', codeList: 'vitalStatus',
    required: 'always', odm: { oid: 'I.VISIT_VITALSTATUS', group: 'IG.VISIT', mandatory: true },
  },

  // Adverse event (the log).
  {
    name: 'eventTerm', valueKey: 'term', form: 'adverse-event', column: 'term', type: 'text', maxLength: 300, widget: 'ctcae-term',
    required: 'always', odm: { oid: 'I.AELOG_TERM', group: 'IG.AELOG', mandatory: true },
  },
  {
    // Typed on the form for "… - Other, specify" terms; stored inside term.
    name: 'eventTermSpecify', valueKey: 'termSpecify', form: 'adverse-event', column: null, type: 'text', maxLength: 200, entry: 'form-only',
  },
  {
    name: 'eventSoc', valueKey: 'soc', form: 'adverse-event', column: 'soc', type: 'text', maxLength: 200, entry: 'computed',
    odm: { oid: 'I.AELOG_SOC', group: 'IG.AELOG' },
  },
  {
    name: 'eventVerbatim', valueKey: 'verbatim', form: 'adverse-event', column: 'verbatim', type: 'text', maxLength: 200,
    odm: { oid: 'I.AELOG_VERBATIM', group: 'IG.AELOG' },
  },
  {
    name: 'eventGrade', valueKey: 'grade', form: 'adverse-event', column: 'grade', type: 'integer', codeList: 'aeGrade', min: 1, max: 5,
    required: 'always', odm: { oid: 'I.AELOG_GRADE', group: 'IG.AELOG', mandatory: true },
  },
  {
    name: 'eventEtiology', valueKey: 'etiology', form: 'adverse-event', column: 'etiology', type: 'text', maxLength: 200,
    odm: { oid: 'I.AELOG_ETIOLOGY', group: 'IG.AELOG' },
  },
  {
    name: 'eventOnsetDate', valueKey: 'onsetDate', form: 'adverse-event', column: 'onset_date', type: 'date', required: 'always',
    missingCodes: ['unknown'], odm: { oid: 'I.AELOG_ONSETDATE', group: 'IG.AELOG', mandatory: true },
  },
  {
    name: 'eventOngoing', valueKey: 'ongoing', form: 'adverse-event', column: 'ongoing', type: 'boolean', required: 'on-entry',
    odm: { oid: 'I.AELOG_ONGOING', group: 'IG.AELOG' },
  },
  {
    name: 'eventResolutionDate', valueKey: 'resolutionDate', form: 'adverse-event', column: 'resolution_date', type: 'date',
    requiredWhen: NOT_ONGOING, onlyWhen: NOT_ONGOING, odm: { oid: 'I.AELOG_RESOLUTIONDATE', group: 'IG.AELOG' },
  },
  {
    name: 'eventSerious', valueKey: 'serious', form: 'adverse-event', column: 'serious', type: 'boolean', required: 'on-entry',
    odm: { oid: 'I.AELOG_SERIOUS', group: 'IG.AELOG' },
  },
  {
    name: 'eventRelation', valueKey: 'relation', form: 'adverse-event', column: 'relation', type: 'code', codeList: 'aeRelation',
    required: 'on-entry', odm: { oid: 'I.AELOG_RELATION', group: 'IG.AELOG' },
  },
  {
    name: 'eventAction', valueKey: 'action', form: 'adverse-event', column: 'action', type: 'code', codeList: 'aeAction',
    required: 'always', odm: { oid: 'I.AELOG_ACTION', group: 'IG.AELOG', mandatory: true },
  },
  {
    name: 'eventOutcome', valueKey: 'outcome', form: 'adverse-event', column: 'outcome', type: 'code', codeList: 'aeOutcome',
    required: 'on-entry', odm: { oid: 'I.AELOG_OUTCOME', group: 'IG.AELOG' },
  },

  // Ibrutinib dose period.
  {
    name: 'doseStartDate', valueKey: 'startDate', form: 'dose-period', column: 'start_date', type: 'date', required: 'always',
    odm: { oid: 'I.DOSE_STARTDATE', group: 'IG.DOSE', mandatory: true },
  },
  {
    name: 'dose', valueKey: 'dose', form: 'dose-period', column: 'dose', type: 'code', codeList: 'ibrutinibDose', required: 'always',
    odm: { oid: 'I.DOSE_DOSE', group: 'IG.DOSE', mandatory: true },
  },
  {
    name: 'doseOtherMg', valueKey: 'doseOtherMg', form: 'dose-period', column: 'dose_other_mg', type: 'integer', unit: 'mg/day', min: 1, max: 840,
    requiredWhen: OTHER_DOSE, onlyWhen: OTHER_DOSE, odm: { oid: 'I.DOSE_OTHERMG', group: 'IG.DOSE' },
  },
  {
    name: 'doseReason', valueKey: 'reason', form: 'dose-period', column: 'reason', type: 'code', codeList: 'courseReason',
    odm: { oid: 'I.DOSE_REASON', group: 'IG.DOSE' },
  },
  {
    name: 'doseReasonOther', valueKey: 'reasonOther', form: 'dose-period', column: 'reason_other', type: 'text', maxLength: 300,
    requiredWhen: OTHER_REASON, onlyWhen: OTHER_REASON, odm: { oid: 'I.DOSE_REASONOTHER', group: 'IG.DOSE' },
  },
  {
    name: 'doseAdverseEvent', valueKey: 'adverseEventSeq', form: 'dose-period', column: 'adverse_event_seq', type: 'integer', min: 1,
    widget: 'adverse-event-ref', requiredWhen: AE_REASON, onlyWhen: AE_REASON, odm: { oid: 'I.DOSE_AESEQ', group: 'IG.DOSE' },
  },

  // Interruption.
  {
    name: 'interruptionStartDate', valueKey: 'startDate', form: 'interruption', column: 'start_date', type: 'date', required: 'always',
    odm: { oid: 'I.INTERRUPTION_STARTDATE', group: 'IG.INTERRUPTION', mandatory: true },
  },
  {
    name: 'interruptionEndDate', valueKey: 'endDate', form: 'interruption', column: 'end_date', type: 'date',
    odm: { oid: 'I.INTERRUPTION_ENDDATE', group: 'IG.INTERRUPTION' },
  },
  {
    name: 'interruptionReason', valueKey: 'reason', form: 'interruption', column: 'reason', type: 'code', codeList: 'courseReason',
    required: 'always', odm: { oid: 'I.INTERRUPTION_REASON', group: 'IG.INTERRUPTION', mandatory: true },
  },
  {
    name: 'interruptionReasonOther', valueKey: 'reasonOther', form: 'interruption', column: 'reason_other', type: 'text', maxLength: 300,
    requiredWhen: OTHER_REASON, onlyWhen: OTHER_REASON, odm: { oid: 'I.INTERRUPTION_REASONOTHER', group: 'IG.INTERRUPTION' },
  },
  {
    name: 'interruptionAdverseEvent', valueKey: 'adverseEventSeq', form: 'interruption', column: 'adverse_event_seq', type: 'integer', min: 1,
    widget: 'adverse-event-ref', requiredWhen: AE_REASON, onlyWhen: AE_REASON, odm: { oid: 'I.INTERRUPTION_AESEQ', group: 'IG.INTERRUPTION' },
  },

  // Molecular and cytogenetic tests (dated; a test not done on the sample is left empty).
  {
    name: 'sampleDate', valueKey: 'sampleDate', form: 'molecular-test', column: 'sample_date', type: 'date', required: 'always',
    odm: { oid: 'I.TEST_SAMPLEDATE', group: 'IG.TEST', mandatory: true },
  },
  {
    name: 'testDel17p', valueKey: 'del17p', form: 'molecular-test', column: 'del17p', type: 'code', codeList: 'aberration',
    odm: { oid: 'I.TEST_DEL17P', group: 'IG.TEST' },
  },
  {
    name: 'testTp53', valueKey: 'tp53', form: 'molecular-test', column: 'tp53', type: 'code', codeList: 'tp53',
    odm: { oid: 'I.TEST_TP53', group: 'IG.TEST' },
  },
  {
    name: 'testIghv', valueKey: 'ighv', form: 'molecular-test', column: 'ighv', type: 'code', codeList: 'ighv',
    odm: { oid: 'I.TEST_IGHV', group: 'IG.TEST' },
  },
  {
    name: 'testDel11q', valueKey: 'del11q', form: 'molecular-test', column: 'del11q', type: 'code', codeList: 'aberration',
    odm: { oid: 'I.TEST_DEL11Q', group: 'IG.TEST' },
  },
  {
    name: 'testComplexKaryotype', valueKey: 'complexKaryotype', form: 'molecular-test', column: 'complex_karyotype', type: 'code',
    codeList: 'karyotype', odm: { oid: 'I.TEST_COMPLEXKARYOTYPE', group: 'IG.TEST' },
  },
] as const satisfies readonly FieldDef[];

export type DictField = (typeof FIELDS)[number];
export type FieldName = DictField['name'];
