/**
 * A patient's course, derived: last contact, best response, progression, next treatment, time on
 * drug, interruptions, dose periods, first dose reduction, relative dose intensity and the
 * baseline molecular values with the CLL-IPI. Pure (no database, React or Next): the record home,
 * the edit checks and the analyses all call `deriveCourse` on the same inputs, so they agree.
 *
 * Instances marked entered in error are left out everywhere. Dates are ISO strings in and out;
 * durations are whole days.
 */
import type { CodeOf } from '@/lib/dictionary';
import { dayOrNull, earliest, isoOfDay, latest } from './days';
import { deriveInterruptions, derivePeriods, firstReduction, relativeDoseIntensity } from './dose';
import { baselineMolecular, courseCllIpi } from './molecular';
import type { AdverseEventInput, CourseInput, DerivedCourse, Progression, VisitInput } from './types';

export type * from './types';
export { FULL_DOSE_MG, doseMg } from './dose';

/** iwCLL 2018 responses from best to worst; NE (not evaluable) is no response and never "best". */
export const RESPONSE_ORDER = ['CR', 'CRi', 'nPR', 'PR', 'PR-L', 'SD', 'PD'] as const satisfies readonly CodeOf<'visitResponse'>[];

const responseRank = (r: CodeOf<'visitResponse'>): number => (RESPONSE_ORDER as readonly string[]).indexOf(r);

const valid = <T extends { enteredInError: boolean }>(list: readonly T[]): T[] => list.filter((x) => !x.enteredInError);

/** Visits in date order (undated ones last), then by seq. */
function byDate(visits: readonly VisitInput[]): VisitInput[] {
  return sortedByDay(valid(visits), (v) => v.visitDate);
}

/**
 * The list by day (undated last), then seq. Each date is parsed once, not in every comparison: the
 * edit checks sort every patient's visits, and parsing in the comparator was a fifth of their time.
 */
function sortedByDay<T extends { seq: number }>(list: T[], date: (x: T) => string | null | undefined): T[] {
  const keyed = list.map((x) => ({ x, day: dayOrNull(date(x)) ?? Number.POSITIVE_INFINITY }));
  keyed.sort((a, b) => a.day - b.day || a.x.seq - b.x.seq);
  return keyed.map((k) => k.x);
}

export function bestResponse(visits: readonly VisitInput[]): DerivedCourse['bestResponse'] {
  let best: DerivedCourse['bestResponse'] = null;
  for (const v of byDate(visits)) {
    if (v.response === null || v.response === 'NE') continue;
    if (!best || responseRank(v.response) < responseRank(best.response)) best = { response: v.response, date: v.visitDate, visitSeq: v.seq };
  }
  return best;
}

/** First visit with progression, or the discontinuation for progression, whichever is earlier (a tie: the visit). */
export function progressionOf(input: Pick<CourseInput, 'visits' | 'discontinuation'>): Progression | null {
  const visit = byDate(input.visits).find((v) => v.progression === true && dayOrNull(v.visitDate) !== null);
  const fromVisit: Progression | null = visit && visit.visitDate
    ? { date: visit.visitDate, type: visit.progressionType, source: 'visit', visitSeq: visit.seq } : null;
  const d = input.discontinuation;
  const discDay = d?.reason === 'progression' ? dayOrNull(d.lastDoseDate) : null;
  const fromDisc: Progression | null = d && discDay !== null
    ? { date: isoOfDay(discDay), type: d.progressionType, source: 'discontinuation', visitSeq: null } : null;
  if (!fromVisit) return fromDisc;
  if (!fromDisc) return fromVisit;
  return (dayOrNull(fromDisc.date) ?? 0) < (dayOrNull(fromVisit.date) ?? 0) ? fromDisc : fromVisit;
}

/** Adverse events not in error, by onset (undated last), then seq. */
export function loggedEvents(events: readonly AdverseEventInput[]): AdverseEventInput[] {
  return sortedByDay(valid(events), (e) => e.onsetDate);
}

export function deriveCourse(input: CourseInput): DerivedCourse {
  const start = dayOrNull(input.baseline?.ibrutinibStart);
  const visitDays = valid(input.visits).map((v) => dayOrNull(v.visitDate));
  const lastContact = latest([...visitDays, dayOrNull(input.followUp?.lastContactDate)]);
  const dead = input.followUp?.vitalStatus === 'dead';
  const deathDay = dead ? dayOrNull(input.followUp?.deathDate) : null;
  const discDay = input.discontinuation ? dayOrNull(input.discontinuation.lastDoseDate) : null;
  const onDrug = input.discontinuation === null && !dead;
  // Treatment lasted until the last dose; without one, until the last contact (not past a death).
  const treatmentEnd = discDay ?? (deathDay !== null && lastContact !== null ? Math.min(deathDay, lastContact) : lastContact ?? deathDay);
  const nextTreatment = earliest(input.therapies.map((t) => dayOrNull(t.startDate)));
  const interruptions = deriveInterruptions(input.interruptions, start, treatmentEnd);
  const dosePeriods = derivePeriods(input.dosePeriods, treatmentEnd, onDrug);
  const molecular = baselineMolecular(input.baseline, input.molecularTests);
  return {
    ibrutinibStart: start === null ? null : isoOfDay(start),
    lastContact: lastContact === null ? null : isoOfDay(lastContact),
    death: dead ? { date: deathDay === null ? null : isoOfDay(deathDay) } : null,
    discontinuationDate: discDay === null ? null : isoOfDay(discDay),
    bestResponse: bestResponse(input.visits),
    progression: progressionOf(input),
    nextTreatmentDate: nextTreatment === null ? null : isoOfDay(nextTreatment),
    timeOnDrugDays: start !== null && treatmentEnd !== null ? Math.max(0, treatmentEnd - start) : null,
    onDrug,
    treatmentEnd: treatmentEnd === null ? null : isoOfDay(treatmentEnd),
    interruptions: { count: interruptions.count, totalDays: interruptions.totalDays, list: interruptions.list },
    dosePeriods,
    firstDoseReduction: firstReduction(dosePeriods),
    relativeDoseIntensity: relativeDoseIntensity(input.dosePeriods, interruptions.ranges, start, treatmentEnd),
    adverseEvents: loggedEvents(input.adverseEvents),
    baselineMolecular: molecular,
    cllIpi: courseCllIpi(input.baseline, molecular),
  };
}
