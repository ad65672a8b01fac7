/**
 * Cut-off and population selection. Rules (docs/dashboards.md):
 * - patients whose ibrutinib start is missing or after the cut-off are excluded;
 * - a discontinuation or death dated after the cut-off is not counted (the patient is followed to the cut-off);
 * - end of follow-up = death date, else the latest known date (last contact, discontinuation, start),
 *   never later than the cut-off.
 */
import type { CohortRow, CutoffPatient } from './types';

export function applyCutoff(rows: readonly CohortRow[], cutoff: number): CutoffPatient[] {
  const out: CutoffPatient[] = [];
  for (const row of rows) {
    const start = row.start;
    if (start === null || start > cutoff) continue;
    const discAt = row.discontinued && row.discDate !== null && row.discDate <= cutoff ? row.discDate : null;
    const deathAt = row.deathDate !== null && row.deathDate <= cutoff ? row.deathDate : null;
    let endAt: number;
    if (deathAt !== null) endAt = deathAt;
    else {
      let last = start;
      if (row.lastContact !== null && row.lastContact > last) last = row.lastContact;
      if (discAt !== null && discAt > last) last = discAt;
      // A death after the cut-off means the patient was alive at the cut-off.
      if (row.deathDate !== null && row.deathDate > cutoff) last = cutoff;
      endAt = Math.min(last, cutoff);
    }
    out.push({ row, start, discAt, deathAt, endAt });
  }
  return out;
}

export type PopulationKind = 'all' | 'discontinued';

export interface PopulationFilter {
  kind: PopulationKind;
  /** Centre code, or null for every centre the user may see. */
  centre: string | null;
  /** Ibrutinib start window (epoch days, inclusive). */
  startFrom: number | null;
  startTo: number | null;
}

export function selectPopulation(patients: readonly CutoffPatient[], f: PopulationFilter): CutoffPatient[] {
  return patients.filter((p) =>
    (f.kind === 'all' || p.discAt !== null)
    && (f.centre === null || p.row.centreCode === f.centre)
    && (f.startFrom === null || p.start >= f.startFrom)
    && (f.startTo === null || p.start <= f.startTo));
}

export function describePopulation(f: PopulationFilter, isoOf: (d: number) => string): string {
  const parts = [f.kind === 'all' ? 'all patients' : 'patients who discontinued ibrutinib'];
  if (f.centre) parts.push(`centre ${f.centre}`);
  if (f.startFrom !== null || f.startTo !== null) {
    parts.push(`ibrutinib start ${f.startFrom !== null ? isoOf(f.startFrom) : '…'} to ${f.startTo !== null ? isoOf(f.startTo) : '…'}`);
  }
  return parts.join(', ');
}
