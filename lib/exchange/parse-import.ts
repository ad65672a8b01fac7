/**
 * Turns an uploaded cohort file (CSV or JSON) into validated patients and a report of every
 * problem, by row and column, in plain words. Pure: no database (centre and existing-patient checks
 * are the import service's). Every row goes through exchangePatientSchema and checkPatientRules.
 */
import Papa from 'papaparse';
import { guessDelimiter } from './csv-delimiter';
import { COLUMN_BY_NAME, COLUMNS, type ColumnDef } from './codes';
import { columnOfPath, unescapeFormula } from './csv-format';
import { deriveColumns, type DerivedValues } from './derived';
import { ageFromBirthYear, exchangePatientSchema, FORMULA_LEAD, missingCodeMessage, type ExchangePatient } from './patient';
import { checkPatientRules } from './rules';
import { decodeTherapies } from './therapies-codec';
import { CODE_LIST_DEFS, isNumericCodeList } from '@/lib/dictionary';
import { EXCHANGE_FIELDS, keyOf, layoutOf } from './record-fields';

/** Uploads above this size are refused before reading them (100,000 patients take about 25 MB). */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 200_000;

export interface Problem {
  /** Data row (1 = the first patient; the CSV line is row + 1), or null for the whole file. */
  row: number | null;
  patientId?: string;
  column: string | null;
  message: string;
  /** The file of a zip the problem is in (long format: visits.csv, …); row is then its line. */
  file?: string;
}

export interface ParsedRow { row: number; patient: ExchangePatient; centreCity: string | null }

export interface ParseResult { format: 'csv' | 'json'; rows: number; patients: ParsedRow[]; problems: Problem[] }

export class ImportFileError extends Error {}

export function assertImportSize(bytes: number): void {
  if (bytes > MAX_IMPORT_BYTES) {
    throw new ImportFileError(`The file is ${(bytes / 1048576).toFixed(1)} MB; the limit is ${MAX_IMPORT_BYTES / 1048576} MB. Split it into smaller files.`);
  }
}

export function detectFormat(fileName: string, text: string): 'csv' | 'json' {
  if (/\.json$/i.test(fileName)) return 'json';
  if (/\.csv$/i.test(fileName)) return 'csv';
  return /^\s*[[{]/.test(text) ? 'json' : 'csv';
}

export function parseImport(fileName: string, text: string): ParseResult {
  assertImportSize(Buffer.byteLength(text, 'utf8'));
  const body = text.replace(/^\uFEFF/, '');
  // Binary garbage: refuse at once instead of reporting a million bad rows.
  if (body.slice(0, 65536).includes('\u0000')) {
    throw new ImportFileError('This is not a text file (it contains binary data). Upload the cohort as CSV (UTF-8) or JSON.');
  }
  return detectFormat(fileName, body) === 'json' ? parseJson(body) : parseCsv(body);
}

const FORMULA_MESSAGE = "begins with = + - @ or a tab, which a spreadsheet would run as a formula: remove that character, or write it as '= (apostrophe first) to keep it as text";
// Every text cell loses exactly one leading apostrophe (lib/csv/formula.ts): the export writes one
// before text that starts with a formula character or with an apostrophe, so export → import is the identity.
const MISSING = new Set(['', 'NA']);
const TRUE = new Set(['TRUE', 'true', 'T', '1', 'yes']);
const FALSE = new Set(['FALSE', 'false', 'F', '0', 'no']);

type CellResult = { value: unknown } | { error: string } | { missing: string };

/** A missing-data code cell: "[unknown]". */
const MISSING_CODE = /^\s*\[([a-z_]+)\]\s*$/;

function readCell(col: ColumnDef, raw: string): CellResult {
  if (MISSING.has(raw.trim())) return { value: null };
  const coded = col.missingCodes ? MISSING_CODE.exec(raw) : null;
  if (coded && col.field) {
    const code = coded[1] ?? '';
    return (col.missingCodes as readonly string[]).includes(code) ? { missing: code } : { error: missingCodeMessage(col.field, code) };
  }
  switch (col.kind) {
    case 'integer':
      return /^\s*-?\d+\s*$/.test(raw) ? { value: Number(raw) } : { error: `is "${raw}", which is not a whole number` };
    case 'decimal':
      return Number.isFinite(Number(raw)) ? { value: Number(raw) } : { error: `is "${raw}", which is not a number` };
    case 'boolean':
      if (TRUE.has(raw.trim())) return { value: true };
      if (FALSE.has(raw.trim())) return { value: false };
      return { error: `is "${raw}" but must be TRUE or FALSE` };
    case 'code':
      if (isNumericCodeList(col.codes)) {
        const codes = col.codes ? CODE_LIST_DEFS[col.codes].codes : [];
        return /^\s*\d+\s*$/.test(raw) ? { value: Number(raw) } : { error: `is "${raw}" but must be a whole number (${codes[0]}–${codes.at(-1)})` };
      }
      return { value: raw.trim() };
    case 'date':
      return { value: raw.trim() };
    case 'letters':
      return { value: raw.split(/[;,\s]+/).filter(Boolean) };
    case 'therapies': {
      // The export escapes the cell as a whole (only its start is a formula to a spreadsheet).
      if (FORMULA_LEAD.test(raw)) return { error: FORMULA_MESSAGE };
      const { therapies, errors } = decodeTherapies(unescapeFormula(raw));
      return errors.length ? { error: errors.join('; ') } : { value: therapies };
    }
    default:
      return FORMULA_LEAD.test(raw) ? { error: FORMULA_MESSAGE } : { value: unescapeFormula(raw) };
  }
}

function zodIssues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }) {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

function parseCsv(text: string): ParseResult {
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: 'greedy', delimiter: guessDelimiter(text) });
  const [header, ...data] = parsed.data;
  const problems: Problem[] = [];
  if (!header || header.length < 2) throw new ImportFileError('The file is empty or has no header row. The first line must name the columns (id, centre, sex, …).');
  if (!header.includes('id')) {
    throw new ImportFileError(`This does not look like a cohort CSV: the first line must be the header row with the column names (id, centre, sex, …); found "${header.slice(0, 3).join(',').slice(0, 80)}".`);
  }
  if (data.length > MAX_IMPORT_ROWS) throw new ImportFileError(`The file has ${data.length} rows; the limit is ${MAX_IMPORT_ROWS}.`);
  const seen = new Set<string>();
  header.forEach((name) => {
    if (seen.has(name)) problems.push({ row: null, column: name, message: `the column "${name}" appears twice in the header` });
    seen.add(name);
    if (!COLUMN_BY_NAME.has(name)) problems.push({ row: null, column: name, message: `"${name}" is not a column of the cohort file (see the data dictionary for the column names)` });
  });
  for (const col of COLUMNS) {
    if (col.requiredColumn && !seen.has(col.name)) problems.push({ row: null, column: col.name, message: `the required column "${col.name}" is missing from the header` });
  }
  for (const e of parsed.errors.slice(0, 50)) {
    problems.push({ row: e.row === undefined ? null : e.row, column: null, message: `CSV format: ${e.message}` });
  }
  if (problems.some((p) => p.row === null)) return { format: 'csv', rows: data.length, patients: [], problems };

  const index = header.map((name) => COLUMN_BY_NAME.get(name));
  const idIndex = header.indexOf('id');
  const patients: ParsedRow[] = [];
  const ids = new Map<string, number>();
  data.forEach((cells, i) => {
    const row = i + 1;
    if (cells.length !== header.length) {
      problems.push({ row, column: null, message: `has ${cells.length} cells but the header has ${header.length} columns` });
      return;
    }
    const raw: Record<string, unknown> = {};
    const missing: Record<string, string> = {};
    const derivedRaw: Partial<Record<keyof DerivedValues, unknown>> = {};
    // Cells that cannot be read are reported, and the rest of the row is still checked field by
    // field, so a row with several bad cells lists them all at once.
    const unreadable = new Set<string>();
    const id = cells[idIndex] ?? '';
    cells.forEach((cell, k) => {
      const col = index[k];
      if (!col) return;
      const r = readCell(col, cell);
      if ('error' in r) { problems.push({ row, patientId: id, column: col.name, message: r.error }); unreadable.add(col.name); return; }
      if ('missing' in r) { missing[col.name] = r.missing; raw[col.name] = null; return; }
      if (col.form === 'derived') derivedRaw[col.name as keyof DerivedValues] = r.value;
      else raw[col.name] = r.value;
    });
    const candidate = nestRow(raw, missing);
    const result = validatePatient(candidate, row, id, 'csv', problems, unreadable);
    if (!result) return;
    const prev = ids.get(result.id);
    if (prev !== undefined) { problems.push({ row, patientId: id, column: 'id', message: `the patient id ${result.id} appears twice in the file (also on row ${prev})` }); return; }
    ids.set(result.id, row);
    checkDerived(result, derivedRaw, row, problems);
    patients.push({ row, patient: result, centreCity: typeof derivedRaw.centre_city === 'string' ? derivedRaw.centre_city : null });
  });
  return { format: 'csv', rows: data.length, patients, problems };
}

/**
 * CSV columns → the nested exchange record: each value at its column's path (record-fields.ts). A
 * nested part (the discontinuation, its adverse event) is there when any of its cells, or of its
 * nested parts' cells, is filled or holds a missing-data code, else null.
 */
function nestRow(v: Record<string, unknown>, missing: Readonly<Record<string, string>>): Record<string, unknown> {
  const record: Record<string, unknown> = { id: v.id, centre: v.centre, ...buildPart(ROOT_PLAN, v, missing) };
  if (Object.keys(missing).length) record.missing = { ...missing };
  return record;
}

/**
 * How nestRow fills one part, worked out once from the layout (record-fields.ts) instead of for
 * every row: its entries in record order and the columns of every field inside it (nested too).
 */
interface PartPlan {
  readonly columns: readonly string[];
  readonly entries: readonly ({ kind: 'field'; key: string; column: string } | { kind: 'part'; key: string; plan: PartPlan } | { kind: 'therapies' })[];
}
function planOf(part: string): PartPlan {
  return {
    columns: EXCHANGE_FIELDS.filter((f) => f.exchange.path.startsWith(`${part}.`)).map((f) => f.exchange.column),
    entries: layoutOf(part).map((e) => (e.kind === 'field' ? { kind: 'field' as const, key: keyOf(e.field.exchange.path), column: e.field.exchange.column }
      : e.kind === 'part' ? { kind: 'part' as const, key: keyOf(e.path), plan: planOf(e.path) } : e)),
  };
}
const ROOT_PLAN = planOf('');

function buildPart(plan: PartPlan, v: Record<string, unknown>, missing: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const e of plan.entries) {
    if (e.kind === 'field') out[e.key] = v[e.column] ?? null;
    else if (e.kind === 'therapies') out.subsequentTherapies = v.subsequentTherapies ?? [];
    else out[e.key] = e.plan.columns.some((c) => (v[c] !== null && v[c] !== undefined) || missing[c] !== undefined) ? buildPart(e.plan, v, missing) : null;
  }
  return out;
}

/**
 * Field checks, then (when every field is valid) the cross-field rules. `unreadable` columns were
 * already reported by readCell: their (missing) values are not reported again, and the cross-field
 * rules wait until they can be read, so every reported problem is a real one.
 */
function validatePatient(
  candidate: unknown, row: number, id: string, format: 'csv' | 'json', problems: Problem[], unreadable: ReadonlySet<string> = new Set(),
): ExchangePatient | null {
  const col = (path: string) => (format === 'csv' ? columnOfPath(path) : path);
  const parsed = exchangePatientSchema.safeParse(candidate);
  if (!parsed.success || unreadable.size) {
    const reported = new Set<string>();
    for (const i of parsed.success ? [] : zodIssues(parsed.error)) {
      const column = col(i.path) || null;
      const message = /received (undefined|null)$/.test(i.message) ? 'is required' : i.message;
      const key = `${column}|${message}`;
      if ((column !== null && unreadable.has(column)) || reported.has(key)) continue;
      reported.add(key);
      problems.push({ row, patientId: id, column, message });
    }
    return null;
  }
  const issues = checkPatientRules(parsed.data);
  for (const i of issues) problems.push({ row, patientId: id, column: col(i.path), message: i.message });
  if (issues.length) return null;
  // Age left empty: derived from the birth year as the baseline form does (when there is a start).
  const { ageAtStart, birthYear, ibrutinibStart } = parsed.data;
  return { ...parsed.data, ageAtStart: ageAtStart ?? (ibrutinibStart === null ? null : ageFromBirthYear(birthYear, ibrutinibStart)) };
}

/** Derived columns, when given, must agree with the data (empty cells are skipped). */
function checkDerived(p: ExchangePatient, given: Partial<Record<keyof DerivedValues, unknown>>, row: number, problems: Problem[]): void {
  const expected = deriveColumns(p, null);
  for (const [name, value] of Object.entries(given) as [keyof DerivedValues, unknown][]) {
    if (value === null || value === undefined || name === 'centre_city') continue;
    const want = expected[name];
    const ok = typeof want === 'number' && typeof value === 'number' ? Math.abs(want - value) < 0.0015 : want === value;
    if (!ok) {
      problems.push({ row, patientId: p.id, column: name, message: `is ${String(value)} but the data give ${want === null ? 'no value' : String(want)} (derived column; leave it empty or correct it)` });
    }
  }
}

function parseJson(text: string): ParseResult {
  let doc: unknown;
  try { doc = JSON.parse(text); } catch (e) {
    throw new ImportFileError(`The file is not valid JSON: ${e instanceof Error ? e.message : 'parse error'}.`);
  }
  const list = Array.isArray(doc) ? doc : (doc && typeof doc === 'object' && Array.isArray((doc as { patients?: unknown }).patients) ? (doc as { patients: unknown[] }).patients : null);
  if (!list) throw new ImportFileError('The JSON file must be an object with a "patients" array (the format of db/seed/demo-cohort.json).');
  if (list.length > MAX_IMPORT_ROWS) throw new ImportFileError(`The file has ${list.length} patients; the limit is ${MAX_IMPORT_ROWS}.`);
  const problems: Problem[] = [];
  const patients: ParsedRow[] = [];
  const ids = new Map<string, number>();
  list.forEach((item, i) => {
    const row = i + 1;
    const id = item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string' ? (item as { id: string }).id : '';
    const p = validatePatient(item, row, id, 'json', problems);
    if (!p) return;
    const prev = ids.get(p.id);
    if (prev !== undefined) { problems.push({ row, patientId: id, column: 'id', message: `the patient id ${p.id} appears twice in the file (also patient ${prev})` }); return; }
    ids.set(p.id, row);
    patients.push({ row, patient: p, centreCity: null });
  });
  return { format: 'json', rows: list.length, patients, problems };
}
