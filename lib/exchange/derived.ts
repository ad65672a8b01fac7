/**
 * Derived analysis columns of the cohort CSV, computed from the data with no cut-off: survival and
 * follow-up run to death or last contact (the analyses apply their own cut-off). On the demo
 * cohort (last contact ≤ the 2017-06-30 cut-off) these equal the demo file's figures.
 *
 * A column whose inputs are missing (no ibrutinib start, no follow-up form yet) is empty, never a
 * guess: e.g. follow-up needs the start and the end (death date or last contact).
 */
import { daysBetween, months3 } from './dates';
import type { ExchangePatient } from './patient';

export interface DerivedValues {
  centre_city: string | null;
  discontinued: boolean;
  n_subsequentTherapies: number;
  os_days_from_discontinuation: number | null;
  os_months: number | null;
  os_event: number | null;
  treatment_days: number | null;
  treatment_months: number | null;
  treatment_ongoing: boolean | null;
  fu_days_from_start: number | null;
  fu_months_from_start: number | null;
  fu_death: number | null;
}

const span = (from: string | null, to: string | null) => (from !== null && to !== null ? daysBetween(from, to) : null);
const months = (days: number | null) => (days === null ? null : months3(days));

export function deriveColumns(p: ExchangePatient, centreCity: string | null): DerivedValues {
  const d = p.discontinuation;
  // Vital status known = a follow-up form with a vital status; "dead" needs its date (rules.ts).
  const known = p.vitalStatus !== null;
  const dead = p.vitalStatus === 'dead' && p.deathDate !== null;
  const end = dead ? p.deathDate : p.lastContactDate;
  const treatmentDays = span(p.ibrutinibStart, d ? d.date : p.lastContactDate);
  const fuDays = span(p.ibrutinibStart, end);
  const osDays = d ? span(d.date, end) : null;
  return {
    centre_city: centreCity,
    discontinued: d !== null,
    n_subsequentTherapies: p.subsequentTherapies.length,
    os_days_from_discontinuation: osDays,
    os_months: months(osDays),
    // Death after discontinuation: censored (0) needs a known vital status and an end date.
    os_event: d && known && osDays !== null ? (dead ? 1 : 0) : null,
    treatment_days: treatmentDays,
    treatment_months: months(treatmentDays),
    // Stopped: known from the discontinuation alone; still on ibrutinib: as of a recorded last contact.
    treatment_ongoing: d ? false : p.lastContactDate !== null ? true : null,
    fu_days_from_start: fuDays,
    fu_months_from_start: months(fuDays),
    fu_death: known && fuDays !== null ? (dead ? 1 : 0) : null,
  };
}
