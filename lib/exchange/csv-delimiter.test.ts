import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { guessDelimiter } from './csv-delimiter';

describe('guessDelimiter', () => {
  it('reads the delimiter off the header line, ignoring quoted text and later rows', () => {
    expect(guessDelimiter('"id","centre","sex"\n"PL-01-001","PL-01","male"\n')).toBe(',');
    expect(guessDelimiter('id;centre;sex\r\nPL-01-001;PL-01;"a, b, c, d"\r\n')).toBe(';');
    expect(guessDelimiter('id\tcentre\tsex\n')).toBe('\t');
    expect(guessDelimiter('"id;x","centre"\n')).toBe(',');
    expect(guessDelimiter('')).toBe(',');
  });

  it('agrees with papaparse’s own guess on the files it is meant for', () => {
    for (const text of [
      '"id","centre","sex"\n"PL-01-001","PL-01","male"\n',
      'id;centre;sex\nPL-01-001;PL-01;male\n',
      'id\tcentre\tsex\nPL-01-001\tPL-01\tmale\n',
    ]) {
      expect(guessDelimiter(text)).toBe(Papa.parse(text).meta.delimiter);
    }
  });
});
