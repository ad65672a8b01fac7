/**
 * The one age at ibrutinib start the registry shows and stores. An imported record may carry the
 * exact age (the demo cohort's PL-01-006: born 1945, start 2014-10-09, age 68), which the birth
 * year alone cannot give (the mid-year rule says 69). So: the stored age while the start date it
 * belongs to is unchanged, else the age derived from the birth year (deriveAgeAtStart). The
 * baseline CRF shows this, the save stores this, and the patient page shows the stored value —
 * they agree (issue 16, defect 8).
 */
import { deriveAgeAtStart } from './baseline';

export type StoredAge = Readonly<Record<string, unknown>>;

export function ageAtStart(birthYear: number, startIso: string, stored: StoredAge | null | undefined): number {
  const kept = stored && typeof stored.ageAtStart === 'number'
    && String(stored.ibrutinibStart) === startIso ? stored.ageAtStart : null;
  return kept ?? deriveAgeAtStart(birthYear, startIso);
}
