/** Calendar dates (YYYY-MM-DD) as UTC day numbers; months = days / 30.4375 (the study's rule). */
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a real calendar date, or null (2017-02-30, 2017-6-1 and "30/06/2017" are not). */
export function isoDay(s: string): number | null {
  const m = ISO.exec(s);
  if (!m) return null;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return Math.round(ms / 86_400_000);
}

export const todayIso = (now = new Date()) => now.toISOString().slice(0, 10);

/** Whole days from a to b (both valid ISO dates). */
export function daysBetween(a: string, b: string): number {
  return (isoDay(b) ?? 0) - (isoDay(a) ?? 0);
}

export const DAYS_PER_MONTH = 30.4375;
/** Months rounded to 3 decimals, as the demo CSV writes them (R: round(days / 30.4375, 3)). */
export const months3 = (days: number) => Math.round((days / DAYS_PER_MONTH) * 1000) / 1000;
