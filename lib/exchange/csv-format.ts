/**
 * The cohort CSV: one row per patient, columns of ./codes.ts in order. Written like R's write.csv
 * (text and codes quoted, numbers and TRUE/FALSE bare, missing = empty, "\n" line ends), so the demo
 * cohort's file and our export have the same shape.
 *
 * Formula injection: a text cell beginning with = + - @ tab or CR is written with a leading
 * apostrophe ('=…), which spreadsheets show as text; the import strips that apostrophe again, so
 * an export re-imports to the same value. Such text without the apostrophe is refused on import.
 * Text that starts with an apostrophe gets one more, and the text "NA" (which a cell would read as
 * a missing value) is written 'NA, so export → import is the identity for every text.
 *
 * Missing-data codes: a field that says why it has no value (lib/dictionary `missingCodes`) has the
 * code in square brackets in its cell, e.g. [not_done], so it stays distinct from an empty cell.
 */
import { COLUMNS, type ColumnDef } from './codes';
import type { DerivedValues } from './derived';
import type { ExchangePatient } from './patient';
import { escapeFormula } from '@/lib/csv/formula';
import { encodeTherapies } from './therapies-codec';
import { EXCHANGE_FIELDS, FIELD_OF_PATH, getPath, PARTS } from './record-fields';

export type Cell = string | number | boolean | null;

export { escapeFormula, unescapeFormula } from '@/lib/csv/formula';

export function formatCell(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return String(v);
  const text = v.trim() === 'NA' ? `'${v}` : escapeFormula(v);
  return `"${text.replace(/"/g, '""')}"`;
}

export function csvLine(cells: readonly Cell[]): string {
  return cells.map(formatCell).join(',');
}

export function csvHeader(names: readonly string[] = COLUMNS.map((c) => c.name)): string {
  return names.map((n) => `"${n}"`).join(',');
}

/** A missing-data code in a cell: "[unknown]" (no value the registry stores looks like that). */
export const missingCell = (code: string) => `[${code}]`;

/** A column's cell of a patient: the value at the column's path, its missing-data code, or a derived value. */
function cellOf(col: ColumnDef, p: ExchangePatient, derived: DerivedValues): Cell {
  if (col.kind === 'therapies') return p.subsequentTherapies.length ? encodeTherapies(p.subsequentTherapies) : null;
  if (col.path === undefined) return (derived as unknown as Record<string, Cell>)[col.name] ?? null;
  const v = getPath(p, col.path);
  if (v === null && col.missingCodes) {
    const code = (p.missing as Record<string, string | undefined> | undefined)?.[col.name];
    if (code !== undefined) return missingCell(code);
  }
  if (Array.isArray(v)) return v.length ? v.join(';') : null;
  return v as Cell;
}

/** A patient's cells in column order. */
export function patientCells(p: ExchangePatient, derived: DerivedValues): Cell[] {
  return COLUMNS.map((col) => cellOf(col, p, derived));
}

/**
 * Maps a path of the exchange record (a zod issue's, a rule's) to the CSV column that carries it:
 * a field's path to its column, a nested part to its first field's column (a missing discontinuation
 * → disc_date), a missing-data code ("missing.b2m") to its column, a therapy to the therapies cell.
 */
export function columnOfPath(path: string): string {
  const field = FIELD_OF_PATH.get(path);
  if (field) return field.exchange.column;
  if (path.startsWith('missing.')) return path.slice('missing.'.length);
  if (path.startsWith('subsequentTherapies')) return 'subsequentTherapies';
  if (PARTS.includes(path)) {
    const first = EXCHANGE_FIELDS.find((f) => f.exchange.path.startsWith(`${path}.`));
    if (first) return first.exchange.column;
  }
  return path;
}

export type { ColumnDef };
