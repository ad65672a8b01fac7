/**
 * Shared types of the survival library. Plain data only, so that results can be
 * sent to the browser (JSON) and rendered by the dashboards unchanged.
 */

/** Confidence-interval transform, as `survfit(conf.type=)` in R. */
export type ConfType = 'log' | 'log-log' | 'plain';

export const CONF_TYPES: readonly ConfType[] = ['log', 'log-log', 'plain'];

/** Group labels accepted by the grouped functions. */
export type GroupLabel = string | number;

/**
 * A Kaplan–Meier curve, one entry per distinct observed time (event or censoring),
 * exactly like the rows of R's `survfit` object.
 *
 * - `stdErr` is the Greenwood standard error of the cumulative hazard (-log S), R's `std.err`.
 *   It is `Infinity` once the curve reaches 0 (R gives `Inf`; JSON.stringify turns it into null).
 * - `lower`/`upper` are `NaN` where R returns `NA` (S = 0 for log/plain, S in {0,1} for log-log).
 */
export interface KmCurve {
  time: number[];
  nRisk: number[];
  nEvent: number[];
  nCensor: number[];
  surv: number[];
  stdErr: number[];
  lower: number[];
  upper: number[];
  /** Number of subjects. */
  n: number;
  /** Number of events. */
  events: number;
  confType: ConfType;
  confLevel: number;
}

/** A point estimate with its confidence limits; null = "not reached" (R's NA). */
export interface QuantileEstimate {
  quantile: number | null;
  lower: number | null;
  upper: number | null;
}

export interface KmOptions {
  confType?: ConfType;
  /** Confidence level in (0, 1); default 0.95. */
  confLevel?: number;
}
