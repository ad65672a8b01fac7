/**
 * Which cohort fields each view needs. The dataset query fetches only these columns: on the embedded
 * database, fetching every field of 100,000 patients costs several times more than the analysis.
 */
import type { Grouping } from './endpoints';
import type { CohortRow } from './types';

export type DatasetField = keyof CohortRow;

export const ALL_FIELDS: readonly DatasetField[] = [
  'patientId', 'code', 'centreCode', 'sex', 'ageAtStart', 'ecog', 'raiStage', 'binetStage', 'del17p', 'ighv', 'priorLines',
  'start', 'bestResponse', 'discontinued', 'discDate', 'discReason', 'reasonOther', 'aeTerm', 'aeSoc', 'aeVerbatim', 'aeGrade',
  'aeEtiology', 'progressionType', 'rtHistology', 'cnsInvolvement', 'vitalStatus', 'lastContact', 'deathDate', 'deathCause',
  'deathCauseOther', 'baselineStatus', 'responseStatus', 'discontinuationStatus', 'followUpStatus',
];

/** Cut-off, population filters, endpoints and the reason / progression groupings. */
const CORE: readonly DatasetField[] = [
  'centreCode', 'start', 'discontinued', 'discDate', 'discReason', 'progressionType', 'lastContact', 'deathDate',
];

const GROUPING_FIELD: Record<Grouping, DatasetField | null> = {
  none: null, reason: null, progression_type: null, centre: null, sex: 'sex', age: 'ageAtStart', ecog: 'ecog',
  rai: 'raiStage', binet: 'binetStage', del17p: 'del17p', ighv: 'ighv', prior_lines: 'priorLines', best_response: 'bestResponse',
};

/** Fields for the survival and competing-risk views with a grouping. */
export function analysisFields(grouping: Grouping): DatasetField[] {
  const g = GROUPING_FIELD[grouping];
  return g ? [...CORE, g] : [...CORE];
}

/** Overview: counts, follow-up and CRF completeness per centre. */
export const OVERVIEW_FIELDS: readonly DatasetField[] = [
  ...CORE, 'baselineStatus', 'responseStatus', 'discontinuationStatus', 'followUpStatus',
];
