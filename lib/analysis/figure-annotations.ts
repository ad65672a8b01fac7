/**
 * The test results printed inside a figure's plot area (so a pasted PNG/SVG carries them): the
 * log-rank p (and the trend / Gehan–Breslow–Wilcoxon p when computed), the Cox hazard ratio with its
 * 95% CI for two groups, and Gray's p per cause for cumulative incidence. Same numbers and rounding
 * as the tables under the figure (formatP, two decimals for HR).
 */
import type { CifResult } from './competing';
import { formatP } from './format';
import type { SurvivalResult } from './survival';

/** "p = 0.81", "p = 0.004", "p < 0.001" (formatP already writes the "<"). */
export function pText(p: number): string {
  const f = formatP(p);
  return f.startsWith('<') ? `p ${f}` : `p = ${f}`;
}

export function kmAnnotation(r: Pick<SurvivalResult, 'logRank' | 'trend' | 'gehanBreslowWilcoxon' | 'cox'>): string[] {
  if (!r.logRank) return [];
  const lines = [`Log-rank ${pText(r.logRank.p)}`];
  if (r.trend) lines.push(`Log-rank for trend ${pText(r.trend.p)}`);
  if (r.gehanBreslowWilcoxon) lines.push(`Gehan–Breslow–Wilcoxon ${pText(r.gehanBreslowWilcoxon.p)}`);
  if (r.cox) {
    lines.push(`HR ${r.cox.hr.toFixed(2)} (95% CI ${r.cox.lower.toFixed(2)}–${r.cox.upper.toFixed(2)})`);
    lines.push(`${r.cox.label} vs ${r.cox.reference}`);
  }
  return lines;
}

export function cifAnnotation(r: Pick<CifResult, 'gray'>): string[] {
  return (r.gray ?? []).map((g) => `Gray’s test, ${g.cause}: ${pText(g.p)}`);
}
