/**
 * The long format of the patient's course: one table per record kind (visits.csv,
 * adverse-events.csv, dose-periods.csv, interruptions.csv, tests.csv: the slugs of
 * lib/dictionary/records.ts), one line per instance keyed by the patient's pseudonym and the
 * instance's seq, then the kind's dictionary fields by value key, then the instance's workflow
 * status and whether it was entered in error. The cohort CSV stays one row per patient (the
 * snapshot forms); this format carries what repeats.
 *
 * Cells are written as the cohort CSV writes them (csv-format.ts: R's write.csv shape, formula
 * escaping, a missing-data code as "[unknown]" in the value's cell), and read back by the same
 * rules, so export → import is the identity. Pure: no database. Every value is checked against its
 * dictionary entry (type, code list, limits, dates, text rules, only-when conditions); what a
 * value means across records (links, dates in order) is the import plan's and H1's course rules'.
 */
import Papa from 'papaparse';
import { FORMULA_LEAD, unescapeFormula } from '@/lib/csv/formula';
import {
  CODE_LIST_DEFS, conditionHolds, fieldsOf, isNumericCodeList, missingKey, missingRequired, RECORDS, valueKey,
  type Condition, type FieldDef, type MissingCode, type RecordDef, type RecordKind,
} from '@/lib/dictionary';
import { fieldSchema } from '@/lib/dictionary/zod';
import { csvHeader, csvLine, missingCell, type Cell } from './csv-format';
import type { Problem } from './parse-import';

export type InstanceStatus = 'draft' | 'complete' | 'verified' | 'locked';
export type LongValue = string | number | boolean | null;

/** One instance of a repeating record as the long format carries it. */
export interface LongInstance {
  seq: number;
  status: InstanceStatus;
  enteredInError: boolean;
  /** Keyed by value key; null when empty (or when a missing-data code says why). */
  values: Record<string, LongValue>;
  /** Missing-data codes by value key. */
  missing: Record<string, MissingCode>;
}

export type LongRecords = Record<RecordKind, LongInstance[]>;
export interface PatientCourse { patientId: string; records: LongRecords }

export const emptyRecords = (): LongRecords => ({ visit: [], 'adverse-event': [], 'dose-period': [], interruption: [], 'molecular-test': [] });

/** The fields a long table carries: the kind's stored fields, in dictionary order. */
export function longFields(kind: RecordKind): FieldDef[] {
  return fieldsOf(kind).filter((f) => f.column !== null && f.entry !== 'form-only');
}

export const KEY_COLUMNS = ['patientId', 'seq'] as const;
export const STATE_COLUMNS = ['status', 'enteredInError'] as const;

export function longColumns(kind: RecordKind): string[] {
  return [...KEY_COLUMNS, ...longFields(kind).map(valueKey), ...STATE_COLUMNS];
}

export const longFileName = (def: RecordDef) => `${def.slug}.csv`;

/** The kind's key in the course JSON (the slug in camelCase: adverse-events → adverseEvents). */
export const jsonKeyOf = (def: RecordDef) => def.slug.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export const COURSE_JSON_FORMAT = 'cll-registry-course';

// ---- Writing ---------------------------------------------------------------------------------

function cellOf(f: FieldDef, inst: LongInstance): Cell {
  const key = valueKey(f);
  const code = inst.missing[key];
  if (code !== undefined) return missingCell(code);
  return inst.values[key] ?? null;
}

/** One kind's table: a line per instance, patients in the given order, instances by seq. */
export function longCsv(kind: RecordKind, courses: readonly PatientCourse[]): string {
  const fields = longFields(kind);
  const lines = [csvHeader(longColumns(kind))];
  for (const c of courses) {
    for (const inst of [...c.records[kind]].sort((a, b) => a.seq - b.seq)) {
      lines.push(csvLine([c.patientId, inst.seq, ...fields.map((f) => cellOf(f, inst)), inst.status, inst.enteredInError]));
    }
  }
  return lines.join('\n') + '\n';
}

/** Every kind's table, by file name. */
export function longTables(courses: readonly PatientCourse[]): Map<string, string> {
  return new Map(RECORDS.map((def) => [longFileName(def), longCsv(def.kind, courses)]));
}

function instanceJson(kind: RecordKind, inst: LongInstance): Record<string, unknown> {
  const out: Record<string, unknown> = { seq: inst.seq, status: inst.status, enteredInError: inst.enteredInError };
  for (const f of longFields(kind)) out[valueKey(f)] = inst.values[valueKey(f)] ?? null;
  if (Object.keys(inst.missing).length) out.missing = { ...inst.missing };
  return out;
}

/** `{ format, version, exportedAt, patients: [{ patientId, visits: [...], adverseEvents: [...], … }] }`. */
export function courseJson(courses: readonly PatientCourse[], exportedAt: string): string {
  return JSON.stringify({
    format: COURSE_JSON_FORMAT, version: 1, exportedAt,
    patients: courses.map((c) => ({
      patientId: c.patientId,
      ...Object.fromEntries(RECORDS.map((def) => [jsonKeyOf(def), [...c.records[def.kind]].sort((a, b) => a.seq - b.seq).map((i) => instanceJson(def.kind, i))])),
    })),
  }, null, 1) + '\n';
}

// ---- Reading ---------------------------------------------------------------------------------

/** An instance read from a file: where it came from, and its values checked field by field. */
export interface ParsedInstance {
  kind: RecordKind;
  patientId: string;
  seq: number;
  file: string;
  /** CSV: the line in its file (the header is line 1); JSON: the patient's position (1 = first). */
  row: number;
  values: Record<string, LongValue>;
  missing: Record<string, MissingCode>;
  enteredInError: boolean;
  /** What the values make it (the cohort import's rule): draft while a required value is missing. */
  status: 'draft' | 'complete';
}

export interface LongParseResult { format: 'zip' | 'json'; rows: number; instances: ParsedInstance[]; problems: Problem[] }

const FORMULA_MESSAGE = "begins with = + - @ or a tab, which a spreadsheet would run as a formula: remove that character, or write it as '= (apostrophe first) to keep it as text";
const MISSING_CODE = /^\s*\[([a-z_]+)\]\s*$/;
const TRUE = new Set(['TRUE', 'true', 'T', '1', 'yes']);
const FALSE = new Set(['FALSE', 'false', 'F', '0', 'no']);
const STATUSES = ['draft', 'complete', 'verified', 'locked'];

type Read = { value: LongValue } | { missing: MissingCode } | { error: string };

const describeCondition = (c: Condition) => `${c.field} is ${c.in.map((v) => (v === 'true' ? 'TRUE' : v === 'false' ? 'FALSE' : v)).join(' or ')}`;

/** A value against its dictionary entry (zod schema of the CRF: limits, dates, text rules). */
function checkValue(f: FieldDef, value: LongValue): string | null {
  if (value === null) return null;
  if (f.type === 'code' && !isNumericCodeList(f.codeList)) {
    const codes = CODE_LIST_DEFS[f.codeList ?? 'sex'].codes as readonly string[];
    return codes.includes(String(value)) ? null : `is "${String(value)}" but must be one of: ${codes.join(', ')}`;
  }
  // A whole-number scale (ECOG, CTCAE grade) and number limits said in the file's terms (the CRF's
  // messages speak to a form control: "Enter a number.").
  if (isNumericCodeList(f.codeList)) {
    const codes = (CODE_LIST_DEFS[f.codeList ?? 'ecog'].codes as readonly (string | number)[]).map(String);
    if (!codes.includes(String(value))) return `is ${String(value)} but must be one of: ${codes.join(', ')}`;
  }
  if (typeof value === 'number' && ((f.min !== undefined && value < f.min) || (f.max !== undefined && value > f.max))) {
    return `is ${value} but must be ${f.min !== undefined && f.max !== undefined ? `from ${f.min} to ${f.max}` : f.min !== undefined ? `at least ${f.min}` : `at most ${f.max}`}${f.unit ? ` ${f.unit}` : ''}`;
  }
  const parsed = fieldSchema(f).safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'is not valid');
}

/** A CSV cell (or a JSON value, `json`: typed, no formula escaping) as the field's value. */
function readValue(f: FieldDef, raw: unknown, json: boolean): Read {
  if (raw === null || raw === undefined) return { value: null };
  if (json) {
    const ok = f.type === 'boolean' ? typeof raw === 'boolean'
      : f.type === 'integer' || f.type === 'decimal' || (f.type === 'code' && isNumericCodeList(f.codeList)) ? typeof raw === 'number'
        : typeof raw === 'string';
    if (!ok) return { error: `is ${JSON.stringify(raw)} but must be ${f.type === 'boolean' ? 'true or false' : typeof raw === 'string' ? 'a number' : 'text'}` };
    if (raw === '') return { value: null };
    return { value: raw as LongValue };
  }
  const cell = String(raw);
  if (cell.trim() === '' || cell.trim() === 'NA') return { value: null };
  const coded = MISSING_CODE.exec(cell);
  if (coded) {
    const code = coded[1] as MissingCode;
    if (f.missingCodes?.includes(code)) return { missing: code };
    return { error: f.missingCodes ? `is [${code}] but the missing-data codes of this column are ${f.missingCodes.map((c) => `[${c}]`).join(', ')}` : `is [${code}] but this column takes no missing-data code` };
  }
  switch (f.type) {
    case 'integer':
      return /^\s*-?\d+\s*$/.test(cell) ? { value: Number(cell) } : { error: `is "${cell}", which is not a whole number` };
    case 'decimal':
      return Number.isFinite(Number(cell)) ? { value: Number(cell) } : { error: `is "${cell}", which is not a number` };
    case 'boolean':
      if (TRUE.has(cell.trim())) return { value: true };
      if (FALSE.has(cell.trim())) return { value: false };
      return { error: `is "${cell}" but must be TRUE or FALSE` };
    case 'code':
      if (isNumericCodeList(f.codeList)) return /^\s*\d+\s*$/.test(cell) ? { value: Number(cell) } : { error: `is "${cell}", which is not a whole number` };
      return { value: cell.trim() };
    case 'date':
      return { value: cell.trim() };
    default:
      if (FORMULA_LEAD.test(cell)) return { error: FORMULA_MESSAGE };
      return { value: unescapeFormula(cell) };
  }
}

interface RawInstance { patientId: unknown; seq: unknown; cells: Record<string, unknown>; missing: Record<string, unknown>; enteredInError: unknown; status: unknown }

/**
 * One instance's cells → a checked instance, or null with its problems reported (`column`: how a
 * problem names a field: the CSV column, or the JSON path).
 */
function readInstance(
  kind: RecordKind, raw: RawInstance, where: { file: string; row: number; column: (key: string) => string }, json: boolean, problems: Problem[],
): ParsedInstance | null {
  const before = problems.length;
  const patientId = typeof raw.patientId === 'string' ? raw.patientId.trim() : '';
  const fail = (key: string, message: string) => problems.push({ file: where.file, row: where.row, patientId: patientId || undefined, column: where.column(key), message });
  if (!patientId) fail('patientId', 'is required (the patient\'s pseudonym, e.g. PL-03-017)');
  let seq = NaN;
  if (typeof raw.seq === 'number') seq = raw.seq;
  else if (typeof raw.seq === 'string' && /^\s*\d+\s*$/.test(raw.seq)) seq = Number(raw.seq);
  if (!Number.isInteger(seq) || seq < 1 || seq > 32767) fail('seq', `is ${JSON.stringify(raw.seq ?? null)} but must be the instance's number (a whole number from 1)`);
  const values: Record<string, LongValue> = {};
  const missing: Record<string, MissingCode> = {};
  const unreadable = new Set<string>();
  for (const f of longFields(kind)) {
    const key = valueKey(f);
    const r = readValue(f, raw.cells[key], json);
    if ('error' in r) { fail(key, r.error); unreadable.add(key); values[key] = null; continue; }
    if ('missing' in r) { missing[key] = r.missing; values[key] = null; continue; }
    values[key] = r.value;
    const bad = checkValue(f, r.value);
    if (bad) { fail(key, bad); unreadable.add(key); }
  }
  if (json) {
    for (const [key, code] of Object.entries(raw.missing)) {
      const f = longFields(kind).find((x) => valueKey(x) === key);
      if (!f?.missingCodes) { fail(`missing.${key}`, `is not a field of this record that takes a missing-data code`); continue; }
      if (!(f.missingCodes as readonly unknown[]).includes(code)) { fail(`missing.${key}`, `is ${JSON.stringify(code)} but must be one of: ${f.missingCodes.join(', ')}`); continue; }
      if (values[key] !== null) { fail(key, 'has both a value and a missing-data code: give one of them'); continue; }
      missing[key] = code as MissingCode;
    }
  }
  let enteredInError = false;
  const eie = raw.enteredInError;
  if (eie === true || (typeof eie === 'string' && TRUE.has(eie.trim()))) enteredInError = true;
  else if (!(eie === false || eie === null || eie === undefined || (typeof eie === 'string' && (eie.trim() === '' || FALSE.has(eie.trim()))))) {
    fail('enteredInError', `is ${JSON.stringify(eie)} but must be TRUE or FALSE`);
  }
  // The status is the registry's (exported to be read); an import derives it from the values, as the
  // cohort import does, and never verifies or locks. A value there must still be a status.
  const status = typeof raw.status === 'string' ? raw.status.trim() : raw.status;
  if (status !== null && status !== undefined && status !== '' && !STATUSES.includes(String(status))) {
    fail('status', `is ${JSON.stringify(status)} but must be one of: ${STATUSES.join(', ')} (or empty)`);
  }
  // Only-when: a value (or a missing-data code) where the dictionary allows none.
  for (const f of longFields(kind)) {
    const key = valueKey(f);
    if (!f.onlyWhen || unreadable.has(key) || unreadable.has(f.onlyWhen.field)) continue;
    if ((values[key] !== null || missing[key] !== undefined) && !conditionHolds(f.onlyWhen, values)) {
      fail(key, `must be empty unless ${describeCondition(f.onlyWhen)}`);
    }
  }
  if (problems.length > before) return null;
  const answered: Record<string, unknown> = { ...values };
  for (const f of longFields(kind)) if (missing[valueKey(f)] !== undefined) answered[missingKey(f)] = missing[valueKey(f)];
  return {
    kind, patientId, seq, file: where.file, row: where.row, values, missing, enteredInError,
    status: missingRequired(kind, answered).length ? 'draft' : 'complete',
  };
}

/** Duplicate (patient, seq) of a kind within the file. */
function refuseDuplicates(instances: ParsedInstance[], problems: Problem[]): ParsedInstance[] {
  const seen = new Map<string, ParsedInstance>();
  return instances.filter((i) => {
    const key = `${i.kind}|${i.patientId}|${i.seq}`;
    const first = seen.get(key);
    if (!first) { seen.set(key, i); return true; }
    problems.push({ file: i.file, row: i.row, patientId: i.patientId, column: 'seq',
      message: `is ${i.seq}, which ${i.patientId} already has in this file (${first.file} ${first.file.endsWith('.json') ? 'patient' : 'line'} ${first.row}): each instance once` });
    return false;
  });
}

/** The tables of a zip (file name → CSV text): every known table is read, an unknown file is refused. */
export function parseLongTables(tables: ReadonlyMap<string, string>): LongParseResult {
  const problems: Problem[] = [];
  const instances: ParsedInstance[] = [];
  let rows = 0;
  const known = new Map(RECORDS.map((def) => [longFileName(def), def]));
  for (const name of tables.keys()) {
    const base = name.split('/').pop() ?? name;
    if (!known.has(base) && !/^readme/i.test(base) && !/^dictionary/i.test(base)) {
      problems.push({ file: base, row: null, column: null, message: `is not a table of the long format (expected ${[...known.keys()].join(', ')})` });
    }
  }
  const byBase = new Map([...tables].map(([n, t]) => [n.split('/').pop() ?? n, t]));
  if (![...known.keys()].some((n) => byBase.has(n))) {
    problems.push({ row: null, column: null, message: `The zip holds none of the long-format tables (${[...known.keys()].join(', ')}).` });
  }
  for (const [file, def] of known) {
    const text = byBase.get(file);
    if (text === undefined) continue;
    const body = text.replace(/^\uFEFF/, '');
    if (body.slice(0, 65536).includes('\u0000')) { problems.push({ file, row: null, column: null, message: 'is not a text file (it contains binary data)' }); continue; }
    const parsed = Papa.parse<string[]>(body, { skipEmptyLines: 'greedy' });
    const [header, ...data] = parsed.data;
    if (!header) { problems.push({ file, row: null, column: null, message: 'is empty (it needs at least the header line)' }); continue; }
    const names = header.map((h) => h.trim());
    const expected = longColumns(def.kind);
    const missingCols = expected.filter((c) => c !== 'status' && c !== 'enteredInError' && !names.includes(c));
    const unknown = names.filter((n) => !expected.includes(n));
    if (missingCols.length) problems.push({ file, row: 1, column: missingCols.join(', '), message: `${missingCols.length === 1 ? 'is a column' : 'are columns'} the table must have (the header has ${names.join(', ')})` });
    if (unknown.length) problems.push({ file, row: 1, column: unknown.join(', '), message: `${unknown.length === 1 ? 'is not a column' : 'are not columns'} of ${file} (its columns: ${expected.join(', ')})` });
    if (missingCols.length || unknown.length) continue;
    const seenCols = new Set<string>();
    for (const n of names) { if (seenCols.has(n)) problems.push({ file, row: 1, column: n, message: 'appears twice in the header' }); seenCols.add(n); }
    data.forEach((cells, i) => {
      const row = i + 2;
      rows++;
      if (cells.length !== names.length) {
        problems.push({ file, row, column: null, message: `has ${cells.length} cells but the header has ${names.length} columns` });
        return;
      }
      const byName = Object.fromEntries(names.map((n, k) => [n, cells[k]]));
      const inst = readInstance(def.kind, {
        patientId: byName.patientId, seq: byName.seq, cells: byName, missing: {}, enteredInError: byName.enteredInError, status: byName.status,
      }, { file, row, column: (key) => key }, false, problems);
      if (inst) instances.push(inst);
    });
  }
  return { format: 'zip', rows, instances: refuseDuplicates(instances, problems), problems };
}

/** The course JSON (courseJson's shape). */
export function parseCourseJson(fileName: string, doc: unknown): LongParseResult {
  const problems: Problem[] = [];
  const instances: ParsedInstance[] = [];
  const list = doc && typeof doc === 'object' && Array.isArray((doc as { patients?: unknown }).patients) ? (doc as { patients: unknown[] }).patients : null;
  if (!list) return { format: 'json', rows: 0, instances, problems: [{ file: fileName, row: null, column: null, message: 'must be an object with a "patients" array (the course JSON the registry exports)' }] };
  const kindKeys = new Map(RECORDS.map((def) => [jsonKeyOf(def), def]));
  list.forEach((item, i) => {
    const row = i + 1;
    if (!item || typeof item !== 'object') { problems.push({ file: fileName, row, column: null, message: 'is not a patient object' }); return; }
    const p = item as Record<string, unknown>;
    for (const key of Object.keys(p)) {
      if (key !== 'patientId' && !kindKeys.has(key)) problems.push({ file: fileName, row, column: key, message: `is not a record of the course (expected ${[...kindKeys.keys()].join(', ')})` });
    }
    for (const [key, def] of kindKeys) {
      const arr = p[key];
      if (arr === undefined) continue;
      if (!Array.isArray(arr)) { problems.push({ file: fileName, row, column: key, message: 'must be a list of instances' }); continue; }
      arr.forEach((x, k) => {
        const path = (f: string) => `${key}[${k}].${f}`;
        if (!x || typeof x !== 'object') { problems.push({ file: fileName, row, column: `${key}[${k}]`, message: 'is not an instance object' }); return; }
        const o = x as Record<string, unknown>;
        const allowed = new Set([...longColumns(def.kind), 'missing']);
        for (const f of Object.keys(o)) if (!allowed.has(f) && f !== 'patientId') problems.push({ file: fileName, row, column: path(f), message: `is not a field of ${def.slug} (its fields: ${longColumns(def.kind).slice(1).join(', ')})` });
        const missing = o.missing && typeof o.missing === 'object' ? (o.missing as Record<string, unknown>) : {};
        const inst = readInstance(def.kind, { patientId: p.patientId, seq: o.seq, cells: o, missing, enteredInError: o.enteredInError, status: o.status },
          { file: fileName, row, column: path }, true, problems);
        if (inst) instances.push(inst);
      });
    }
  });
  return { format: 'json', rows: list.length, instances: refuseDuplicates(instances, problems), problems };
}

/** Whether a stored instance and a file's differ in what an import writes (values, missing codes, entered in error). */
export function sameInstance(kind: RecordKind, a: Pick<LongInstance, 'values' | 'missing' | 'enteredInError'>, b: Pick<LongInstance, 'values' | 'missing' | 'enteredInError'>): boolean {
  if (a.enteredInError !== b.enteredInError) return false;
  return longFields(kind).every((f) => {
    const k = valueKey(f);
    return (a.values[k] ?? null) === (b.values[k] ?? null) && (a.missing[k] ?? null) === (b.missing[k] ?? null);
  });
}
