/**
 * Patients of the course analyses: the cohort row at the cut-off (population.ts) with its course as
 * known at the cut-off (lib/course). The snapshot forms come from the analysis dataset (dates as
 * epoch days, turned back into ISO dates for lib/course); the repeating records come per patient
 * from the course query (lib/dal/analysis-dataset.ts).
 */
import { courseAtCutoff } from '@/lib/course/cutoff';
import { deriveCourse, type CourseInput, type DerivedCourse } from '@/lib/course/derive';
import { isoOfDay } from './dates';
import type { CohortRow, CutoffPatient } from './types';

/** A patient's repeating records (and subsequent therapies): everything of the course not on the snapshot forms. */
export type CourseRecords = Pick<CourseInput, 'therapies' | 'visits' | 'adverseEvents' | 'dosePeriods' | 'interruptions' | 'molecularTests'>;

export const NO_RECORDS: CourseRecords = { therapies: [], visits: [], adverseEvents: [], dosePeriods: [], interruptions: [], molecularTests: [] };

export interface CoursePatient extends CutoffPatient {
  /** The course input as known at the cut-off (for what the derivation does not summarise, e.g. undated therapies). */
  input: CourseInput;
  course: DerivedCourse;
}

const iso = (d: number | null): string | null => (d === null ? null : isoOfDay(d));

/**
 * The snapshot forms of a cohort row as course input. Death is read from the death date, as the
 * cut-off rule does (population.ts); the last contact is the dataset's, which is already the latest
 * of the follow-up and the visits.
 */
export function courseInputOf(row: CohortRow, records: CourseRecords): CourseInput {
  return {
    baseline: {
      ibrutinibStart: iso(row.start), del17p: row.del17p, tp53: row.tp53, ighv: row.ighv, b2m: row.b2m,
      raiStage: row.raiStage, binetStage: row.binetStage, ageAtStart: row.ageAtStart,
    },
    discontinuation: row.discontinued ? { lastDoseDate: iso(row.discDate), reason: row.discReason, progressionType: row.progressionType } : null,
    followUp: { lastContactDate: iso(row.lastContact), vitalStatus: row.deathDate !== null ? 'dead' : 'alive', deathDate: iso(row.deathDate) },
    ...records,
  };
}

export function coursePatients(
  population: readonly CutoffPatient[], records: ReadonlyMap<number, CourseRecords>, cutoff: number,
): CoursePatient[] {
  const cutoffIso = isoOfDay(cutoff);
  return population.map((p) => {
    const input = courseAtCutoff(courseInputOf(p.row, records.get(p.row.patientId) ?? NO_RECORDS), cutoffIso);
    return { ...p, input, course: deriveCourse(input) };
  });
}
