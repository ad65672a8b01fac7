/**
 * Which cohort fields each view needs. The dataset query fetches only these columns: on the embedded
 * database, fetching every field of 100,000 patients costs several times more than the analysis.
 * The columns themselves come from the data dictionary (dataset.ts); a grouping brings its own
 * fields (groupings.ts).
 */
import type { DatasetField } from './dataset';
import { groupingFields, type Grouping } from './groupings';

export { ALL_FIELDS, datasetKey, type DatasetField } from './dataset';

/** Cut-off, population filters, endpoints and the reason / progression groupings. */
const CORE: readonly DatasetField[] = [
  'centreCode', 'start', 'discontinued', 'discDate', 'discReason', 'progressionType', 'lastContact', 'deathDate',
];

/** Fields for the survival and competing-risk views with a grouping. */
export function analysisFields(grouping: Grouping): DatasetField[] {
  return [...new Set([...CORE, ...groupingFields(grouping)])];
}

/** Overview: counts, follow-up and CRF completeness per centre. */
export const OVERVIEW_FIELDS: readonly DatasetField[] = [
  ...CORE, 'baselineStatus', 'responseStatus', 'discontinuationStatus', 'followUpStatus',
];
