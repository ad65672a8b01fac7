/** CSV for downloads: RFC 4180 quoting and protection against formula injection in spreadsheets. */
import { escapeFormula } from '@/lib/csv/formula';
import type { ReportTable } from './types';

/** Cells starting with = + - @ (or tab / CR) are prefixed with ' so spreadsheets show them as text. */
export function csvCell(value: string | number | null | undefined): string {
  const s = escapeFormula(value === null || value === undefined ? '' : String(value));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export interface Provenance { population: string; cutoff: string; method: string; generated?: string }

export function provenanceLines(p: Provenance): string[][] {
  return [
    ['Population', p.population],
    ['Cut-off', p.cutoff],
    ['Method', p.method],
    ...(p.generated ? [['Generated', p.generated]] : []),
  ];
}

/** A report table, its notes, and where the numbers come from, as one CSV file. */
export function tableToCsv(t: ReportTable, p: Provenance): string {
  const indent = (cells: string[], level: number | undefined) =>
    cells.map((c, i) => (i === 0 && level ? `${'  '.repeat(level)}${c}` : c));
  return toCsv([
    [t.title],
    t.columns,
    ...t.rows.map((r) => indent(r.cells, r.indent)),
    [],
    ...t.notes.map((n) => ['Note', n]),
    ...provenanceLines(p),
  ]);
}
