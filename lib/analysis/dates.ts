/** Calendar dates as whole UTC days since 1970-01-01; months = days / 30.4375 (the study's rule). */
export const DAYS_PER_MONTH = 30.4375;
const MS_PER_DAY = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch day of an ISO date (YYYY-MM-DD), or null when it is not a real calendar date. */
export function parseIsoDay(s: string): number | null {
  const m = ISO_DATE.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return Math.round(ms / MS_PER_DAY);
}

export function dayOrNull(s: string | null | undefined): number | null {
  return s ? parseIsoDay(s) : null;
}

export function isoOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function todayDay(now = new Date()): number {
  return Math.floor(now.getTime() / MS_PER_DAY);
}

export const daysToMonths = (days: number): number => days / DAYS_PER_MONTH;
