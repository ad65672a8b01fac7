/**
 * The study definition for CDISC ODM 1.3.2: one StudyEvent (the registry), the five CRFs as
 * FormDefs (baseline carries the demographics group), ItemGroups and ItemDefs, each item tied to
 * its CSV column and to the database column the audit trail names.
 */
import { COLUMN_BY_NAME, type CodeListKey } from './codes';

export type OdmDataType = 'text' | 'integer' | 'float' | 'date' | 'boolean';

export interface OdmItem {
  oid: string;
  /** CSV column (or therapy field) the item carries. */
  name: string;
  label: string;
  dataType: OdmDataType;
  codes?: CodeListKey;
  unit?: string;
  mandatory: boolean;
  /** Database table and column whose audit rows become this item's AuditRecords. */
  table: string;
  field: string;
}

export interface OdmGroup { oid: string; name: string; repeating: boolean; items: OdmItem[] }
export interface OdmForm { oid: string; name: string; groups: OdmGroup[] }

function item(name: string, table: string, field: string, mandatory = false, overrides: Partial<OdmItem> = {}): OdmItem {
  const col = COLUMN_BY_NAME.get(name);
  const kind = col?.kind ?? 'text';
  const numericCode = col?.codes === 'ecog' || col?.codes === 'aeGrade';
  const dataType: OdmDataType = kind === 'integer' || numericCode ? 'integer' : kind === 'decimal' ? 'float'
    : kind === 'date' ? 'date' : kind === 'boolean' ? 'boolean' : 'text';
  return {
    oid: `I.${name.toUpperCase()}`, name, label: col?.label ?? name, dataType, codes: col?.codes === 'inclusion' ? undefined : col?.codes,
    unit: col?.unit, mandatory, table, field, ...overrides,
  };
}

export const ODM_FORMS: readonly OdmForm[] = [
  { oid: 'F.BASELINE', name: 'Baseline', groups: [
    { oid: 'IG.DEMOGRAPHICS', name: 'Demographics', repeating: false, items: [
      item('sex', 'patients', 'sex', true), item('birthYear', 'patients', 'birth_year', true),
      item('patientStatus', 'patients', 'status', true),
    ] },
    { oid: 'IG.BASELINE', name: 'Baseline at ibrutinib start', repeating: false, items: [
      item('ibrutinibStart', 'baseline_forms', 'ibrutinib_start', true), item('ageAtStart', 'baseline_forms', 'age_at_start', true),
      item('ecog', 'baseline_forms', 'ecog', true), item('raiStage', 'baseline_forms', 'rai_stage', true),
      item('binetStage', 'baseline_forms', 'binet_stage'), item('del17p', 'baseline_forms', 'del17p', true),
      item('ighv', 'baseline_forms', 'ighv'), item('priorLines', 'baseline_forms', 'prior_lines', true),
      item('priorPurineAnalogue', 'baseline_forms', 'prior_purine_analogue'), item('priorAntiCd20', 'baseline_forms', 'prior_anti_cd20'),
      item('inclusionCriteria', 'baseline_forms', 'inclusion_criteria'),
    ] },
  ] },
  { oid: 'F.RESPONSE', name: 'Response', groups: [
    { oid: 'IG.RESPONSE', name: 'Best response', repeating: false, items: [
      item('bestResponse', 'response_forms', 'best_response'), item('response_assessedDate', 'response_forms', 'assessed_date'),
    ] },
  ] },
  { oid: 'F.DISCONTINUATION', name: 'Discontinuation', groups: [
    { oid: 'IG.DISCONTINUATION', name: 'Discontinuation of ibrutinib', repeating: false, items: [
      item('disc_date', 'discontinuation_forms', 'last_dose_date', true), item('disc_reason', 'discontinuation_forms', 'reason', true),
      item('disc_reasonOther', 'discontinuation_forms', 'reason_other'),
      item('disc_progressionType', 'discontinuation_forms', 'progression_type'), item('disc_rtHistology', 'discontinuation_forms', 'rt_histology'),
      item('disc_cnsInvolvement', 'discontinuation_forms', 'cns_involvement'),
      item('disc_resistanceMutations', 'discontinuation_forms', 'resistance_mutations'),
      item('ae_term', 'discontinuation_forms', 'ae_term'), item('ae_soc', 'discontinuation_forms', 'ae_soc'),
      item('ae_grade', 'discontinuation_forms', 'ae_grade'), item('ae_etiology', 'discontinuation_forms', 'ae_etiology'),
      item('ae_paperLabel', 'discontinuation_forms', 'ae_verbatim'), item('ae_onsetDate', 'discontinuation_forms', 'ae_onset_date'),
    ] },
  ] },
  { oid: 'F.THERAPIES', name: 'Subsequent therapies', groups: [
    { oid: 'IG.THERAPY', name: 'Subsequent therapy', repeating: true, items: [
      item('therapy_regimen', 'subsequent_therapies', 'regimen', true, { label: 'Regimen' }),
      item('therapy_startDate', 'subsequent_therapies', 'start_date', false, { label: 'Start date', dataType: 'date' }),
      item('therapy_response', 'subsequent_therapies', 'best_response', false, { label: 'Best response', codes: 'response' }),
    ] },
  ] },
  { oid: 'F.FOLLOWUP', name: 'Follow-up', groups: [
    { oid: 'IG.FOLLOWUP', name: 'Follow-up and death', repeating: false, items: [
      item('vitalStatus', 'follow_up_forms', 'vital_status', true), item('lastContactDate', 'follow_up_forms', 'last_contact_date', true),
      item('deathDate', 'follow_up_forms', 'death_date'), item('deathCause', 'follow_up_forms', 'death_cause'),
      item('deathCauseOther', 'follow_up_forms', 'death_cause_other'),
    ] },
  ] },
];

export const ODM_ITEMS: readonly OdmItem[] = ODM_FORMS.flatMap((f) => f.groups.flatMap((g) => g.items));
