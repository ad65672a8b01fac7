/**
 * A patient's stored forms and course records as the inputs of the derivations (lib/course/derive.ts)
 * and of the timeline: the rows fit the input types as they are, so this only picks them.
 */
import type { CourseInput } from '@/lib/course/derive';
import type { CourseRows } from '@/lib/dal/course-read';
import type { loadPatientForms } from '@/lib/dal/patients';
import type { TimelineInput } from './timeline-events';

type Forms = Awaited<ReturnType<typeof loadPatientForms>>;

export function courseInputOf(forms: Forms, course: CourseRows): CourseInput {
  return {
    baseline: forms.baseline, discontinuation: forms.discontinuation, followUp: forms.followUp, therapies: forms.therapies,
    visits: course.visit, adverseEvents: course['adverse-event'], dosePeriods: course['dose-period'], interruptions: course.interruption,
    molecularTests: course['molecular-test'],
  };
}

export function timelineInputOf(forms: Forms, course: CourseRows): TimelineInput {
  return {
    ibrutinibStart: forms.baseline?.ibrutinibStart ?? null, discontinuation: forms.discontinuation, followUp: forms.followUp,
    therapies: forms.therapies, visits: course.visit, adverseEvents: course['adverse-event'], dosePeriods: course['dose-period'],
    interruptions: course.interruption, tests: course['molecular-test'],
  };
}
