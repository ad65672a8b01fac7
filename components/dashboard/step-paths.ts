/**
 * Compact SVG paths for step curves and their CI bands. d3's line and area (what visx's LinePath and
 * Area draw with) write every vertex as absolute coordinates at full float precision: for a
 * 100,000-patient cohort by centre that was ~570 kB of path data, sent twice (HTML and the React
 * payload). Here vertices are rounded to 0.1 SVG unit (≈ 0.1 px; the figure is at most 1.25 units per
 * pixel), vertices that add nothing (repeats, the middle of a straight horizontal or vertical run)
 * are dropped, and the rest are written as relative h/v moves ("h1.2v-3.4"). Step curves (KM
 * survival, cumulative incidence) are monotone, so dropping the middle of a vertical run loses nothing;
 * for a band's outline it could only drop a zero-width spike, which fills no area.
 */

export type XY = readonly [number, number];

/** Corner vertices of a step-after polyline: horizontal to the next x, then vertical to its y. */
export function stepVertices(pts: readonly XY[]): XY[] {
  const out: XY[] = [];
  for (let k = 0; k < pts.length; k++) {
    const [x, y] = pts[k] as XY;
    if (k > 0) out.push([x, (pts[k - 1] as XY)[1]]);
    out.push([x, y]);
  }
  return out;
}

const tenths = (v: number) => Math.round(v * 10);
const num = (t: number) => String(t / 10);

/** Rounds, drops redundant vertices and writes M + relative h/v/l commands (Z when closed). */
export function compactPath(vertices: readonly XY[], close = false): string {
  const pts: [number, number][] = [];
  for (const [x, y] of vertices) {
    const p: [number, number] = [tenths(x), tenths(y)];
    const last = pts[pts.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) continue;
    const prev = pts[pts.length - 2];
    // The last vertex is the middle of a straight axis-aligned run: replace it by the new one.
    if (prev && last && ((prev[0] === last[0] && last[0] === p[0]) || (prev[1] === last[1] && last[1] === p[1]))) pts.pop();
    pts.push(p);
  }
  if (pts.length === 0) return '';
  const [x0, y0] = pts[0] as [number, number];
  let d = `M${num(x0)},${num(y0)}`;
  for (let k = 1; k < pts.length; k++) {
    const [x, y] = pts[k] as [number, number];
    const [px, py] = pts[k - 1] as [number, number];
    const dx = x - px;
    const dy = y - py;
    d += dy === 0 ? `h${num(dx)}` : dx === 0 ? `v${num(dy)}` : `l${num(dx)},${num(dy)}`;
  }
  return close ? `${d}Z` : d;
}

/** A step-after curve through points already in SVG units. */
export function stepLinePath(pts: readonly XY[]): string {
  return compactPath(stepVertices(pts));
}

/**
 * A CI band: one closed outline per stretch of [x, yLower, yUpper] vertices (SVG units), the upper
 * step line forwards and the lower one back, as d3's step-after area draws it.
 */
export function stepBandPath(stretches: readonly (readonly (readonly [number, number, number])[])[]): string {
  return stretches
    .filter((s) => s.length > 0)
    .map((s) => {
      const upper = stepVertices(s.map(([x, , hi]) => [x, hi] as const));
      const lower = stepVertices(s.map(([x, lo]) => [x, lo] as const)).reverse();
      return compactPath([...upper, ...lower], true);
    })
    .join('');
}

/** Splits a band's vertex list at its breaks (null). */
export function bandStretches<T>(pts: readonly (T | null)[]): T[][] {
  const out: T[][] = [[]];
  for (const p of pts) {
    if (p === null) { if ((out[out.length - 1] as T[]).length) out.push([]); } else (out[out.length - 1] as T[]).push(p);
  }
  return out.filter((s) => s.length > 0);
}
