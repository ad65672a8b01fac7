/**
 * Exact Poisson rate CIs against R's poisson.test (test/reference/poisson/poisson.expected.json,
 * written by make-expected.R beside it): every bound to 1e-10 relative.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { poissonRateCi, SurvivalInputError } from './index';

interface Case { x: number; t: number; conf_level: number; lower: number; upper: number; rate: number }
const expected = JSON.parse(readFileSync(path.join(process.cwd(), 'test/reference/poisson/poisson.expected.json'), 'utf8')) as { cases: Case[] };

const relErr = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(b), 1e-300));

describe('poissonRateCi matches R poisson.test', () => {
  it('has the R cases (x from 0 to 1000, three confidence levels)', () => {
    expect(expected.cases.length).toBeGreaterThanOrEqual(150);
    expect(expected.cases.some((c) => c.x === 0)).toBe(true);
  });

  it.each(expected.cases.map((c) => [c.x, c.t, c.conf_level, c] as const))('x = %d, T = %d, level %d', (x, t, level, c) => {
    const r = poissonRateCi(x, t, level);
    expect(relErr(r.lower, c.lower)).toBeLessThanOrEqual(1e-10);
    expect(relErr(r.upper, c.upper)).toBeLessThanOrEqual(1e-10);
    expect(relErr(r.rate, c.rate)).toBeLessThanOrEqual(1e-12);
  });

  it('refuses impossible input with a message that names it', () => {
    expect(() => poissonRateCi(-1, 1)).toThrow(SurvivalInputError);
    expect(() => poissonRateCi(1.5, 1)).toThrow(/events must be a whole number/);
    expect(() => poissonRateCi(1, 0)).toThrow(/exposure must be a positive number/);
    expect(() => poissonRateCi(1, 1, 1)).toThrow(/confLevel/);
  });
});
