import { SurvivalInputError } from './errors';
import type { GroupLabel } from './types';

/**
 * Input validation shared by every public entry point. One linear pass, no
 * allocation; the first problem found is thrown as a SurvivalInputError whose
 * message names the 0-based index, e.g. `time[12] is negative (-3)`.
 */

function describe(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  return JSON.stringify(v) ?? String(v);
}

function checkLength(name: string, len: number, n: number): void {
  if (len !== n) {
    throw new SurvivalInputError(`${name} has length ${len} but time has length ${n}: arrays must have equal length`, name);
  }
}

/** Times must be finite numbers >= 0. */
export function validateTime(time: ArrayLike<number>): void {
  for (let i = 0; i < time.length; i++) {
    const t = time[i];
    if (typeof t !== 'number' || Number.isNaN(t)) {
      throw new SurvivalInputError(`time[${i}] is not a number (${describe(t)})`, 'time', i);
    }
    if (!Number.isFinite(t)) throw new SurvivalInputError(`time[${i}] is not finite (${t})`, 'time', i);
    if (t < 0) throw new SurvivalInputError(`time[${i}] is negative (${t})`, 'time', i);
  }
}

/** Status must be 0 (censored) or 1 (event), as for `Surv(time, status)`. */
export function validateStatus(time: ArrayLike<number>, status: ArrayLike<number>): void {
  checkLength('status', status.length, time.length);
  for (let i = 0; i < status.length; i++) {
    const s = status[i];
    if (s !== 0 && s !== 1) {
      throw new SurvivalInputError(`status[${i}] must be 0 (censored) or 1 (event), got ${describe(s)}`, 'status', i);
    }
  }
}

/** Competing-risk cause codes: 0 = censored, positive integers = causes. */
export function validateCause(time: ArrayLike<number>, cause: ArrayLike<number>): void {
  checkLength('cause', cause.length, time.length);
  for (let i = 0; i < cause.length; i++) {
    const c = cause[i];
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0) {
      throw new SurvivalInputError(
        `cause[${i}] must be 0 (censored) or a positive integer cause code, got ${describe(c)}`,
        'cause',
        i,
      );
    }
  }
}

/** Group labels must be non-empty strings or finite numbers. */
export function validateGroup(time: ArrayLike<number>, group: ArrayLike<GroupLabel>): void {
  checkLength('group', group.length, time.length);
  for (let i = 0; i < group.length; i++) {
    const g = group[i];
    const ok = (typeof g === 'string' && g !== '') || (typeof g === 'number' && Number.isFinite(g));
    if (!ok) throw new SurvivalInputError(`group[${i}] is missing or invalid (${describe(g)})`, 'group', i);
  }
}

/** Numeric covariate values must be finite. */
export function validateNumeric(name: string, time: ArrayLike<number>, values: ArrayLike<number>): void {
  checkLength(name, values.length, time.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new SurvivalInputError(`${name}[${i}] is not a finite number (${describe(v)})`, name, i);
    }
  }
}

export function validateSurvival(time: ArrayLike<number>, status: ArrayLike<number>): void {
  validateTime(time);
  validateStatus(time, status);
}

export function validateConfLevel(confLevel: number): void {
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new SurvivalInputError(`confLevel must be in (0, 1), got ${confLevel}`, 'confLevel');
  }
}
