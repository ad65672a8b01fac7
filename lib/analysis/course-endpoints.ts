/**
 * Time-to-event endpoints of the patient's course, from ibrutinib start (days; shown in months):
 * - PFS: progression (first visit with progression, or discontinuation for progression) or death,
 *   whichever first; censored at the end of follow-up (last contact, never after the cut-off);
 * - TTNT: start of the first subsequent therapy or death; censored at the end of follow-up; a patient
 *   whose next therapy has no start date cannot be placed and is left out (counted);
 * - time to first dose reduction: the first dose period with a lower daily dose; censored at
 *   discontinuation, death or last contact; patients without any recorded dose period are left out.
 * Everything is read from the course at the cut-off (course.ts), so later events do not count.
 */
import { dayOrNull } from '@/lib/course/days';
import type { EndpointObservation } from './endpoints';
import type { CoursePatient } from './course';

export const COURSE_ENDPOINTS = ['pfs', 'ttnt', 'dose_reduction'] as const;
export type CourseEndpoint = (typeof COURSE_ENDPOINTS)[number];

export const COURSE_ENDPOINT_LABELS: Record<CourseEndpoint, string> = {
  pfs: 'Progression-free survival from ibrutinib start',
  ttnt: 'Time to next treatment from ibrutinib start',
  dose_reduction: 'Time to first dose reduction',
};

export const COURSE_ENDPOINT_DEFINITIONS: Record<CourseEndpoint, string> = {
  pfs: 'ibrutinib start → progression (first visit with progression, or discontinuation for progression) or death, whichever first (event); last contact (censored), limited by the cut-off',
  ttnt: 'ibrutinib start → start of the first subsequent therapy or death (event); last contact (censored), limited by the cut-off; a next therapy without a start date is left out',
  dose_reduction: 'ibrutinib start → first dose period with a lower daily dose (event); discontinuation, death or last contact (censored), limited by the cut-off; patients without a recorded dose left out',
};

/** Why a patient has no observation for an endpoint (reported under the table). */
export type Exclusion = 'undated_next_therapy' | 'no_dose_record';

export const EXCLUSION_LABELS: Record<Exclusion, string> = {
  undated_next_therapy: 'subsequent therapy without a start date',
  no_dose_record: 'no ibrutinib dose recorded',
};

const firstOf = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b));

function eventOrCensor(p: CoursePatient, event: number | null, censorAt: number): EndpointObservation {
  if (event !== null) return { time: Math.max(0, event - p.start), status: 1 };
  return { time: Math.max(0, censorAt - p.start), status: 0 };
}

export function observeCourse(p: CoursePatient, endpoint: CourseEndpoint): EndpointObservation | Exclusion {
  const c = p.course;
  switch (endpoint) {
    case 'pfs':
      return eventOrCensor(p, firstOf(dayOrNull(c.progression?.date), p.deathAt), p.endAt);
    case 'ttnt': {
      const next = dayOrNull(c.nextTreatmentDate);
      // An undated therapy may have started before any dated one: the patient cannot be placed.
      if (p.input.therapies.some((t) => dayOrNull(t.startDate) === null)) return 'undated_next_therapy';
      return eventOrCensor(p, firstOf(next, p.deathAt), p.endAt);
    }
    case 'dose_reduction': {
      if (c.dosePeriods.length === 0) return 'no_dose_record';
      const end = p.discAt ?? p.endAt;
      const red = dayOrNull(c.firstDoseReduction?.date);
      return eventOrCensor(p, red !== null && red <= end ? red : null, end);
    }
  }
}
