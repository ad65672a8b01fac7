/** Number formatting shared by pages, CSV and tests, so the same strings appear everywhere. */

export function pct(n: number, d: number): string {
  return d > 0 ? `${((100 * n) / d).toFixed(1)}%` : '–';
}

/** "22 (59.5%)" */
export function countPct(n: number, d: number): string {
  return `${n} (${pct(n, d)})`;
}

export function fixed1(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? 'NR' : x.toFixed(1);
}

/** Median with its CI, e.g. "2.0 (0.8–5.5)"; NR = not reached. */
export function medianCi(m: { est: number | null; lower: number | null; upper: number | null }): string {
  return `${fixed1(m.est)} (${fixed1(m.lower)}–${fixed1(m.upper)})`;
}

/** p-values as journals print them: two decimals, three below 0.01, "< 0.001". */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '–';
  if (p < 0.001) return '< 0.001';
  if (p < 0.01) return p.toFixed(3);
  return p.toFixed(2);
}

export function medianOf(sorted: readonly number[]): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const mid = Math.floor(n / 2);
  const a = sorted[mid] as number;
  return n % 2 === 1 ? a : ((sorted[mid - 1] as number) + a) / 2;
}

/** "64 (46–84)" from unsorted values, with a formatter for the numbers. */
export function medianRange(values: readonly number[], fmt: (x: number) => string = (x) => String(x)): string {
  if (values.length === 0) return '–';
  const s = [...values].sort((a, b) => a - b);
  const med = medianOf(s) as number;
  return `${fmt(med)} (${fmt(s[0] as number)}–${fmt(s[s.length - 1] as number)})`;
}
