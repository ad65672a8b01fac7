/** Times on admin pages: UTC, to the minute, rendered on the server (no hydration mismatch). */
export function utcMinute(iso: string | null): string {
  if (!iso) return 'never';
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** A route segment that must be a database id; anything else is "not found". */
export function parseId(raw: string): number | null {
  if (!/^\d{1,9}$/.test(raw)) return null;
  const n = Number(raw);
  return n > 0 ? n : null;
}
