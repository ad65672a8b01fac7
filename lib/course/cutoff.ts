/**
 * A course as it was known at an analysis cut-off: what happened after it is not counted, as the
 * dashboards' cut-off rule says for the snapshot forms (lib/analysis/population.ts). Instances dated
 * after the cut-off are dropped, a discontinuation after it did not happen yet, a death after it
 * means alive at the cut-off (followed to the cut-off), open-ended ranges stay open, and the last
 * contact is never later than the cut-off. Deriving from the result gives the course at the cut-off.
 */
import type { CourseInput, IsoDate } from './types';

const after = (d: IsoDate | null | undefined, cutoff: IsoDate): boolean => d !== null && d !== undefined && d > cutoff;
const upTo = (d: IsoDate | null, cutoff: IsoDate): IsoDate | null => (d !== null && d > cutoff ? cutoff : d);

export function courseAtCutoff(input: CourseInput, cutoff: IsoDate): CourseInput {
  const fu = input.followUp;
  const diedLater = fu?.vitalStatus === 'dead' && after(fu.deathDate, cutoff);
  return {
    baseline: input.baseline,
    discontinuation: input.discontinuation && !after(input.discontinuation.lastDoseDate, cutoff) ? input.discontinuation : null,
    followUp: fu === null ? null : diedLater
      ? { lastContactDate: cutoff, vitalStatus: 'alive', deathDate: null }
      : { ...fu, lastContactDate: upTo(fu.lastContactDate, cutoff) },
    therapies: input.therapies.filter((t) => !after(t.startDate, cutoff)),
    visits: input.visits.filter((v) => !after(v.visitDate, cutoff)),
    adverseEvents: input.adverseEvents.filter((e) => !after(e.onsetDate, cutoff))
      .map((e) => (after(e.resolutionDate, cutoff) ? { ...e, resolutionDate: null, ongoing: true } : e)),
    dosePeriods: input.dosePeriods.filter((p) => !after(p.startDate, cutoff)),
    interruptions: input.interruptions.filter((i) => !after(i.startDate, cutoff))
      .map((i) => (after(i.endDate, cutoff) ? { ...i, endDate: null } : i)),
    molecularTests: input.molecularTests.filter((t) => !after(t.sampleDate, cutoff)),
  };
}
