/**
 * The CLL-IPI, hand-checked: each component's points and undecided cases, the strict cut-offs
 * (β2-microglobulin 3.5 mg/L and age 65 do not score), and every risk-group boundary.
 */
import { describe, expect, it } from 'vitest';
import { cllIpi, cllIpiGroupOf, cllIpiLabel, type CllIpiInput } from './cll-ipi';

/** A patient scoring 0: del(17p) absent, TP53 unmutated, IGHV mutated, β2M 2.0, Rai 0, age 60. */
const zero: CllIpiInput = {
  del17p: 'absent', tp53: 'unmutated', ighv: 'mutated', b2m: 2.0, raiStage: '0', binetStage: null, ageAtStart: 60,
};
const score = (r: Partial<CllIpiInput>) => {
  const c = cllIpi({ ...zero, ...r });
  return c.computable ? c.score : null;
};
const undecided = (r: Partial<CllIpiInput>) => {
  const c = cllIpi({ ...zero, ...r });
  return c.computable ? [] : c.undecided;
};

describe('TP53 aberration: 4 points', () => {
  it('del(17p) present scores 4 whatever TP53 says', () => {
    for (const tp53 of ['mutated', 'unmutated', 'not_tested', null] as const) expect(score({ del17p: 'present', tp53 })).toBe(4);
  });
  it('TP53 mutated scores 4 whatever del(17p) says', () => {
    for (const del17p of ['absent', 'not_tested', null] as const) expect(score({ del17p, tp53: 'mutated' })).toBe(4);
  });
  it('0 needs both negative: del(17p) absent and TP53 unmutated', () => {
    expect(score({ del17p: 'absent', tp53: 'unmutated' })).toBe(0);
  });
  it('a negative test with the other not tested or not recorded is not computable', () => {
    expect(undecided({ del17p: 'absent', tp53: 'not_tested' })).toEqual(['tp53']);
    expect(undecided({ del17p: 'absent', tp53: null })).toEqual(['tp53']);
    expect(undecided({ del17p: 'not_tested', tp53: 'unmutated' })).toEqual(['tp53']);
    expect(undecided({ del17p: null, tp53: 'unmutated' })).toEqual(['tp53']);
  });
});

describe('IGHV unmutated: 2 points', () => {
  it('unmutated 2, mutated 0', () => {
    expect(score({ ighv: 'unmutated' })).toBe(2);
    expect(score({ ighv: 'mutated' })).toBe(0);
  });
  it('not tested or not recorded (incl. recorded as unknown) is not computable', () => {
    expect(undecided({ ighv: 'not_tested' })).toEqual(['ighv']);
    expect(undecided({ ighv: null })).toEqual(['ighv']);
  });
});

describe('β2-microglobulin > 3.5 mg/L: 2 points', () => {
  it('3.5 exactly does not score; just above does', () => {
    expect(score({ b2m: 3.5 })).toBe(0);
    expect(score({ b2m: 3.51 })).toBe(2);
    expect(score({ b2m: 12 })).toBe(2);
  });
  it('not recorded (or recorded as not done / unknown) is not computable', () => {
    expect(undecided({ b2m: null })).toEqual(['b2m']);
  });
});

describe('clinical stage Rai I–IV or Binet B/C: 1 point', () => {
  it('Rai I–IV scores 1', () => {
    for (const raiStage of ['I', 'II', 'III', 'IV'] as const) expect(score({ raiStage })).toBe(1);
  });
  it('Binet B or C scores 1, also without Rai and also with Rai 0', () => {
    expect(score({ raiStage: null, binetStage: 'B' })).toBe(1);
    expect(score({ raiStage: null, binetStage: 'C' })).toBe(1);
    expect(score({ raiStage: '0', binetStage: 'B' })).toBe(1);
  });
  it('Rai 0 or Binet A, and not the other advanced, scores 0', () => {
    expect(score({ raiStage: '0', binetStage: null })).toBe(0);
    expect(score({ raiStage: null, binetStage: 'A' })).toBe(0);
    expect(score({ raiStage: '0', binetStage: 'A' })).toBe(0);
    expect(score({ raiStage: 'II', binetStage: 'A' })).toBe(1);
  });
  it('neither stage known is not computable', () => {
    expect(undecided({ raiStage: null, binetStage: null })).toEqual(['stage']);
  });
});

describe('age > 65: 1 point', () => {
  it('65 does not score; 66 does', () => {
    expect(score({ ageAtStart: 65 })).toBe(0);
    expect(score({ ageAtStart: 66 })).toBe(1);
  });
  it('no age is not computable', () => {
    expect(undecided({ ageAtStart: null })).toEqual(['age']);
  });
});

describe('score and risk groups', () => {
  it('adds the components up to 10 and lists every undecided one', () => {
    const all = cllIpi({ del17p: 'present', tp53: 'mutated', ighv: 'unmutated', b2m: 4, raiStage: 'IV', binetStage: 'C', ageAtStart: 70 });
    expect(all).toEqual({ computable: true, score: 10, group: 'very_high', points: { tp53: 4, ighv: 2, b2m: 2, stage: 1, age: 1 } });
    expect(cllIpi({ del17p: null, tp53: null, ighv: null, b2m: null, raiStage: null, binetStage: null, ageAtStart: null }))
      .toEqual({ computable: false, undecided: ['tp53', 'ighv', 'b2m', 'stage', 'age'] });
  });
  it.each([
    [0, 'low'], [1, 'low'], [2, 'intermediate'], [3, 'intermediate'], [4, 'high'], [6, 'high'], [7, 'very_high'], [10, 'very_high'],
  ] as const)('score %i is %s', (s, group) => {
    expect(cllIpiGroupOf(s)).toBe(group);
  });
  it('hand-computed patients land in their groups', () => {
    // Stage 1 + age 1 = 2: intermediate.
    expect(cllIpi({ ...zero, raiStage: 'I', ageAtStart: 70 })).toMatchObject({ score: 2, group: 'intermediate' });
    // IGHV 2 + β2M 2 + stage 1 + age 1 = 6: high (the most without a TP53 aberration).
    expect(cllIpi({ ...zero, ighv: 'unmutated', b2m: 5.2, raiStage: 'III', ageAtStart: 72 })).toMatchObject({ score: 6, group: 'high' });
    // TP53 4 + IGHV 2 + stage 1 = 7: very high.
    expect(cllIpi({ ...zero, del17p: 'present', ighv: 'unmutated', binetStage: 'B', raiStage: null })).toMatchObject({ score: 7, group: 'very_high' });
    // Stage 1 alone: low.
    expect(cllIpi({ ...zero, raiStage: 'IV' })).toMatchObject({ score: 1, group: 'low' });
  });
  it('labels give the group with its score band, or null when not computable', () => {
    expect(cllIpiLabel(zero)).toBe('low (0–1)');
    expect(cllIpiLabel({ ...zero, del17p: 'present', ighv: 'unmutated', b2m: 3.6, raiStage: 'I', ageAtStart: 66 })).toBe('very high (7–10)');
    expect(cllIpiLabel({ ...zero, ighv: null })).toBeNull();
  });
});
