import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeFormula, FORMULA_LEAD, unescapeFormula } from './formula';

describe('formula escaping', () => {
  it('property: unescape(escape(s)) is s for every string, and an escaped cell never starts a formula', () => {
    const lead = fc.constantFrom("'", "''", '=', '+', '-', '@', '\t', '\r', 'a', '');
    fc.assert(fc.property(lead, fc.string({ unit: 'binary', maxLength: 20 }), (a, b) => {
      const s = a + b;
      expect(unescapeFormula(escapeFormula(s))).toBe(s);
      expect(FORMULA_LEAD.test(escapeFormula(s))).toBe(false);
    }), { numRuns: 500 });
  }, 30_000);
  it('keeps a stored apostrophe distinct from the escape (issue 11, item 5)', () => {
    expect(escapeFormula('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(escapeFormula('\'=HYPERLINK("x")')).toBe('\'\'=HYPERLINK("x")');
    expect(escapeFormula('plain')).toBe('plain');
  });
});
