/**
 * Derived analysis columns of the cohort CSV, computed from the data with no cut-off: survival and
 * follow-up run to death or last contact (the analyses apply their own cut-off). On the demo
 * cohort (last contact ≤ the 2017-06-30 cut-off) these equal the demo file's figures.
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
  treatment_days: number;
  treatment_months: number;
  treatment_ongoing: boolean;
  fu_days_from_start: number;
  fu_months_from_start: number;
  fu_death: number;
}

export function deriveColumns(p: ExchangePatient, centreCity: string | null): DerivedValues {
  const dead = p.vitalStatus === 'dead' && p.deathDate !== null;
  const end = dead && p.deathDate ? p.deathDate : p.lastContactDate;
  const d = p.discontinuation;
  const treatmentDays = daysBetween(p.ibrutinibStart, d ? d.date : p.lastContactDate);
  const fuDays = daysBetween(p.ibrutinibStart, end);
  const osDays = d ? daysBetween(d.date, end) : null;
  return {
    centre_city: centreCity,
    discontinued: d !== null,
    n_subsequentTherapies: p.subsequentTherapies.length,
    os_days_from_discontinuation: osDays,
    os_months: osDays === null ? null : months3(osDays),
    os_event: d ? (dead ? 1 : 0) : null,
    treatment_days: treatmentDays,
    treatment_months: months3(treatmentDays),
    treatment_ongoing: d === null,
    fu_days_from_start: fuDays,
    fu_months_from_start: months3(fuDays),
    fu_death: dead ? 1 : 0,
  };
}
