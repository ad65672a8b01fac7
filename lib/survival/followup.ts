import { kaplanMeier } from './kaplan-meier';
import { survivalMedian } from './quantiles';
import { validateSurvival } from './validate';

/**
 * Median follow-up by the reverse Kaplan–Meier method (Schemper & Smith):
 * the KM median of the censoring distribution, i.e. `survfit(Surv(time, 1 - status) ~ 1)`
 * with print.survfit's median rule. null when not reached.
 */
export function reverseKmMedianFollowUp(time: ArrayLike<number>, status: ArrayLike<number>): number | null {
  validateSurvival(time, status);
  const flipped = new Uint8Array(status.length);
  for (let i = 0; i < status.length; i++) flipped[i] = status[i] === 1 ? 0 : 1;
  return survivalMedian(kaplanMeier(time, flipped)).quantile;
}
