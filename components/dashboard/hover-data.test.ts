import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@/bench/random';
import { toHoverSeries } from './hover-data';
import { stepAt } from './step-plot-hover';

describe('toHoverSeries', () => {
  it('sends per mille values and months to 0.01, dropping points the tooltip cannot tell apart', () => {
    const h = toHoverSeries({ label: 'A', colour: '#000', time: [0, 1.23456, 2, 3], value: [1, 0.99951, 0.9996, 0.5],
      lower: [1, 0.9, 0.9, 0.2], upper: [1, 1, 1, 0.8], maxTime: 4 });
    // 0.99951 and 0.9996 both show as 100.0 % with the same CI: the second adds nothing.
    expect(h).toEqual({ label: 'A', colour: '#000', time: [0, 1.23, 3], value: [1000, 1000, 500], lower: [1000, 900, 200], upper: [1000, 1000, 800], maxTime: 4 });
  });
  it('keeps a point whose CI changes although the value shows the same', () => {
    const h = toHoverSeries({ label: 'A', colour: '#000', time: [0, 1], value: [0.5, 0.5], lower: [0.3, 0.31], upper: [0.7, 0.7] });
    expect(h.time).toEqual([0, 1]);
    expect(h.maxTime).toBeNull();
  });
  it('the tooltip reads the same value at any time as from the full curve', () => {
    const rnd = mulberry32(3);
    const time: number[] = [0];
    const value: number[] = [1];
    for (let k = 1; k < 5000; k++) { time.push(time[k - 1] as number + rnd() * 0.05); value.push((value[k - 1] as number) * (1 - rnd() * 0.0005)); }
    const lower = value.map((v) => v * 0.95);
    const upper = value.map((v) => Math.min(1, v * 1.05));
    const h = toHoverSeries({ label: 'A', colour: '#000', time, value, lower, upper });
    expect(h.time.length).toBeLessThan(time.length / 2);
    for (let i = 0; i < 2000; i++) {
      const t = rnd() * (time.at(-1) as number);
      // Away from the rounding of times to 0.01 month, where the two may differ by one step.
      if (time.some((x) => Math.abs(x - t) < 0.006)) continue;
      const full = stepAt(time, t);
      const compact = stepAt(h.time, t);
      expect(h.value[compact]).toBe(Math.round((value[full] as number) * 1000));
      expect(h.lower?.[compact]).toBe(Math.round((lower[full] as number) * 1000));
      expect(h.upper?.[compact]).toBe(Math.round((upper[full] as number) * 1000));
    }
  });
});
