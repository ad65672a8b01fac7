import { describe, expect, it } from 'vitest';
import { csvCell, tableToCsv, toCsv } from './csv';

describe('csv', () => {
  it('escapes cells that a spreadsheet would run as a formula', () => {
    for (const s of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx']) expect(csvCell(s).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('pneumonia')).toBe('pneumonia');
  });
  it('quotes commas, quotes and newlines', () => {
    expect(toCsv([['a,b', 'say "hi"', 'x\ny']])).toBe('"a,b","say ""hi""","x\ny"\r\n');
  });
  it('writes population, cut-off and method under the table', () => {
    const csv = tableToCsv({ id: 't', title: 'T', columns: ['a', 'b'], rows: [{ cells: ['=x', '1'] }], notes: ['n'] },
      { population: 'all patients', cutoff: '2017-06-30', method: 'KM' });
    expect(csv).toContain("'=x,1");
    expect(csv).toContain('Population,all patients');
    expect(csv).toContain('Cut-off,2017-06-30');
    expect(csv).toContain('Method,KM');
  });
});
