import { describe, expect, it } from 'vitest';
import { bandOpacity, ciStyle, legendBeside, overlapScore, placeAnnotation, wrapWords } from './plot-layout';

describe('legend beside the plot', () => {
  it('is as wide as the longest label needs, within 120–250 units', () => {
    expect(legendBeside(['All (n = 37)']).width).toBe(120);
    expect(legendBeside(['Adverse event + other (n = 23)']).width).toBe(Math.ceil(28 + 30 * 6.8 + 4));
    expect(legendBeside(['x'.repeat(80)]).width).toBe(250);
  });
  it('stacks entries and wraps long labels between words', () => {
    const l = legendBeside(['del(17p) present · Richter transformation', 'del(17p) absent · CLL progression', 'All']);
    // 250 units leave 32 characters beside the swatch: both long labels take two lines.
    expect(l.entries.map((e) => e.y)).toEqual([0, 2 * 15 + 8, 4 * 15 + 2 * 8]);
    expect(l.entries[0]?.lines).toEqual(['del(17p) present · Richter', 'transformation']);
    expect(l.height).toBe(5 * 15 + 2 * 8);
    expect(wrapWords('del(17p) present · Richter transformation', 20)).toEqual(['del(17p) present ·', 'Richter', 'transformation']);
    const long = legendBeside(['a very long group label that cannot fit in one line']);
    expect(long.entries[0]?.lines.length).toBe(2);
    expect(long.height).toBe(30);
  });
});

describe('CI style', () => {
  it('shades one or two bands, draws dotted limits from three curves on', () => {
    expect(ciStyle(1)).toBe('band');
    expect(ciStyle(2)).toBe('band');
    expect(ciStyle(3)).toBe('lines');
    expect(bandOpacity(2)).toBeLessThan(bandOpacity(1));
  });
});

describe('annotation placement', () => {
  // Plot 600 × 400 units, x in months 0–20, y probability (0 at the bottom).
  const toX = (t: number) => (t / 20) * 600;
  const toY = (v: number) => 400 - v * 400;
  const size = { width: 200, height: 40 };
  const plot = { width: 600, height: 400 };
  it('prefers the top right corner when the curves have left it', () => {
    const falling = { time: [0, 1, 3], value: [1, 0.4, 0.1], maxTime: 18 };
    expect(placeAnnotation([falling], size, plot, toX, toY).corner).toBe('top-right');
  });
  it('moves to a free corner when a curve runs through the top right', () => {
    const high = { time: [0, 10], value: [1, 0.92], maxTime: 20 };
    const p = placeAnnotation([high], size, plot, toX, toY);
    expect(p.corner).toBe('bottom-left');
    expect(p).toMatchObject({ x: 8, y: 400 - 40 - 8 });
  });
  it('counts a vertical drop inside the box, and a band less than a curve', () => {
    const box = { x: 392, y: 8, width: 200, height: 40 };
    // A drop from 100% to 10% at 15 months crosses the box although neither step is inside it.
    expect(overlapScore([{ time: [0, 15], value: [1, 0.1], maxTime: 20 }], { ...box, y: 100 }, toX, toY)).toBe(10);
    expect(overlapScore([{ time: [0, 2], value: [1, 0.7], lower: [1, 0.55], upper: [1, 0.96], maxTime: 20 }], box, toX, toY)).toBe(1);
  });
  it('an incidence curve rising into the top right sends the note elsewhere', () => {
    const rising = { time: [0, 5, 10], value: [0, 0.5, 0.95], maxTime: 20 };
    expect(placeAnnotation([rising], size, plot, toX, toY).corner).not.toBe('top-right');
  });
});
