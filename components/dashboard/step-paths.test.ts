import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@/bench/random';
import { decodePath } from './path-decode.testutil';
import { bandStretches, compactPath, stepBandPath, stepLinePath, stepVertices, type XY } from './step-paths';

/** Distance from a point to an axis-aligned polyline whose x never decreases. */
function distanceToPolyline(p: XY, line: readonly XY[]): number {
  let best = Infinity;
  let lo = 1;
  let hi = line.length - 1;
  while (lo < hi) { const mid = (lo + hi) >> 1; if ((line[mid] as XY)[0] < p[0] - 0.2) lo = mid + 1; else hi = mid; }
  for (let k = lo; k < line.length && (line[k - 1] as XY)[0] <= p[0] + 0.2; k++) {
    const [ax, ay] = line[k - 1] as XY;
    const [bx, by] = line[k] as XY;
    const cx = Math.min(Math.max(p[0], Math.min(ax, bx)), Math.max(ax, bx));
    const cy = Math.min(Math.max(p[1], Math.min(ay, by)), Math.max(ay, by));
    best = Math.min(best, Math.hypot(p[0] - cx, p[1] - cy));
  }
  return best;
}

function shoelace(poly: readonly XY[]): number {
  let a = 0;
  for (let k = 0; k < poly.length; k++) {
    const [x1, y1] = poly[k] as XY;
    const [x2, y2] = poly[(k + 1) % poly.length] as XY;
    a += x1 * y2 - x2 * y1;
  }
  return Math.abs(a) / 2;
}

/** A falling step curve with many close steps, like KM at 30,000 patients, in SVG units. */
function survivalLike(n: number, seed: number): XY[] {
  const rnd = mulberry32(seed);
  const pts: XY[] = [[0, 36]];
  let x = 0;
  let y = 36;
  for (let k = 0; k < n; k++) { x += rnd() * 0.9; y += rnd() * 0.35; pts.push([x, y]); }
  return pts;
}

describe('stepVertices', () => {
  it('goes across, then down, at every step', () => {
    expect(stepVertices([[0, 0], [2, 5], [3, 7]])).toEqual([[0, 0], [2, 0], [2, 5], [3, 5], [3, 7]]);
  });
});

describe('compactPath', () => {
  it('writes relative h/v moves at 0.1 precision and drops repeats and the middle of straight runs', () => {
    expect(compactPath([[10.04, 20], [12.26, 20], [15, 20], [15, 20.01], [15, 25], [15, 30], [18, 30]])).toBe('M10,20h5v10h3');
    expect(compactPath([[0, 0], [1, 0], [1, 1]], true)).toBe('M0,0h1v1Z');
    expect(compactPath([])).toBe('');
  });
});

describe('stepLinePath', () => {
  it('passes within rounding of every corner of the full-resolution curve, at a fraction of the size', () => {
    const pts = survivalLike(3000, 7);
    const d = stepLinePath(pts);
    const [line] = decodePath(d);
    if (!line) throw new Error('no path');
    let worst = 0;
    for (const v of stepVertices(pts)) worst = Math.max(worst, distanceToPolyline(v, line));
    expect(worst).toBeLessThanOrEqual(0.071); // half a tenth in x and in y
    // What d3 wrote for the same curve: "L" + two full-precision numbers per vertex.
    const d3Like = stepVertices(pts).map(([x, y]) => `L${x},${y}`).join('');
    expect(d.length).toBeLessThan(d3Like.length / 3);
  });
});

describe('stepBandPath', () => {
  it('encloses the same area as the steps of the band, one closed outline per stretch', () => {
    const stretch: [number, number, number][] = [[0, 100, 80], [10, 90, 60], [25, 85, 50], [40, 85, 50]];
    const d = stepBandPath([stretch, [[50, 40, 30], [60, 40, 30]]]);
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d.match(/Z/g)).toHaveLength(2);
    const [first, second] = decodePath(d);
    // Steps: [0,10) × 20, [10,25) × 30, [25,40) × 35; then [50,60) × 10.
    expect(shoelace(first ?? [])).toBeCloseTo(10 * 20 + 15 * 30 + 15 * 35, 6);
    expect(shoelace(second ?? [])).toBeCloseTo(10 * 10, 6);
  });
  it('splits at breaks', () => {
    expect(bandStretches([1, 2, null, null, 3, null])).toEqual([[1, 2], [3]]);
    expect(bandStretches([null])).toEqual([]);
  });
});
