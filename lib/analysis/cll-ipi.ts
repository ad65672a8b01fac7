/**
 * The CLL International Prognostic Index (International CLL-IPI working group, Lancet Oncol 2016;
 * 17: 779–90), computed from the dictionary's baseline fields. Pure: no database, no React.
 *
 *   TP53 aberration (del(17p) and/or TP53 mutated)   4 points
 *   IGHV unmutated                                   2
 *   β2-microglobulin > 3.5 mg/L                      2
 *   clinical stage Rai I–IV or Binet B/C             1
 *   age > 65 years                                   1
 *
 * Risk groups: low 0–1, intermediate 2–3, high 4–6, very high 7–10.
 *
 * A component is decided only from what was recorded: a test not done, an empty field or a
 * missing-data code (the dataset carries those as empty) leaves it undecided, and the index is then
 * "not computable" — never a guess that the unknown component scored 0. The one exception is the
 * TP53 component: one positive test (del(17p) present, or TP53 mutated) decides it whatever the
 * other says; 0 needs both negative.
 */
import type { CohortRow } from './types';
import type { DatasetField } from './dataset';

/** The dataset columns the index reads (the dashboard's narrow dataset query fetches these for the grouping). */
export const CLL_IPI_FIELDS = ['del17p', 'tp53', 'ighv', 'b2m', 'raiStage', 'binetStage', 'ageAtStart'] as const satisfies readonly DatasetField[];
export type CllIpiInput = Pick<CohortRow, (typeof CLL_IPI_FIELDS)[number]>;

export const CLL_IPI_GROUPS = ['low', 'intermediate', 'high', 'very_high'] as const;
export type CllIpiGroup = (typeof CLL_IPI_GROUPS)[number];

/** Labels of the risk groups with their score bands (Table 1 rows, grouping legends). */
export const CLL_IPI_GROUP_LABELS: Record<CllIpiGroup, string> = {
  low: 'low (0–1)', intermediate: 'intermediate (2–3)', high: 'high (4–6)', very_high: 'very high (7–10)',
};
export const CLL_IPI_NOT_COMPUTABLE = 'not computable';

export type CllIpiComponent = 'tp53' | 'ighv' | 'b2m' | 'stage' | 'age';

export type CllIpi =
  | { computable: true; score: number; group: CllIpiGroup; points: Record<CllIpiComponent, number> }
  | { computable: false; undecided: CllIpiComponent[] };

/** β2-microglobulin above this (mg/L), strictly, scores; 3.5 itself does not. */
export const B2M_CUT = 3.5;
/** Age above this (years), strictly, scores; 65 itself does not. */
export const AGE_CUT = 65;

const EARLY_RAI = '0';
const EARLY_BINET = 'A';

function tp53Points(r: CllIpiInput): number | null {
  if (r.del17p === 'present' || r.tp53 === 'mutated') return 4;
  if (r.del17p === 'absent' && r.tp53 === 'unmutated') return 0;
  return null;
}

function ighvPoints(r: CllIpiInput): number | null {
  if (r.ighv === 'unmutated') return 2;
  if (r.ighv === 'mutated') return 0;
  return null;
}

function stagePoints(r: CllIpiInput): number | null {
  // Advanced by either staging system scores; early needs a known early stage and no advanced one.
  if ((r.raiStage !== null && r.raiStage !== EARLY_RAI) || (r.binetStage !== null && r.binetStage !== EARLY_BINET)) return 1;
  if (r.raiStage === EARLY_RAI || r.binetStage === EARLY_BINET) return 0;
  return null;
}

const above = (v: number | null, cut: number, points: number): number | null => (v === null ? null : v > cut ? points : 0);

export function cllIpiGroupOf(score: number): CllIpiGroup {
  if (score <= 1) return 'low';
  if (score <= 3) return 'intermediate';
  if (score <= 6) return 'high';
  return 'very_high';
}

export function cllIpi(r: CllIpiInput): CllIpi {
  const parts: Record<CllIpiComponent, number | null> = {
    tp53: tp53Points(r), ighv: ighvPoints(r), b2m: above(r.b2m, B2M_CUT, 2), stage: stagePoints(r), age: above(r.ageAtStart, AGE_CUT, 1),
  };
  const undecided = (Object.keys(parts) as CllIpiComponent[]).filter((k) => parts[k] === null);
  if (undecided.length > 0) return { computable: false, undecided };
  const points = parts as Record<CllIpiComponent, number>;
  const score = points.tp53 + points.ighv + points.b2m + points.stage + points.age;
  return { computable: true, score, group: cllIpiGroupOf(score), points };
}

/** The risk group's label, or null when the index is not computable. */
export function cllIpiLabel(r: CllIpiInput): string | null {
  const c = cllIpi(r);
  return c.computable ? CLL_IPI_GROUP_LABELS[c.group] : null;
}
