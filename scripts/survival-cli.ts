/**
 * Command-line front of lib/survival:
 *
 *   npm run --silent survival -- <file.csv> --time <col> --status <col> [--group <col>]
 *       [--cause <col>] [--conf-type log|log-log|plain] [--conf-level 0.95] [--pretty]
 *
 * Prints ONE JSON object (the reference files' structure: overall, groups[],
 * logrank, cox, cumulative_incidence with --cause) on stdout. --conf-type limits
 * the medians and curve limits to that CI type (default: all three).
 * Errors: one line on stderr, `survival: error: <message>`, naming the 1-based
 * data row (header excluded) and the file line, plus the column; exit codes
 * 2 = usage, 3 = file unreadable, 4 = bad data.
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { analyse, CONF_TYPES, SurvivalInputError, type AnalysisJson, type ConfType } from '../lib/survival';

export const EXIT = { ok: 0, usage: 2, file: 3, data: 4 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface CliArgs {
  file: string;
  time: string;
  status: string;
  group?: string;
  cause?: string;
  confType?: ConfType;
  confLevel?: number;
  pretty: boolean;
}

export const USAGE =
  'usage: survival <file.csv> --time <col> --status <col> [--group <col>] [--cause <col>] [--conf-type log|log-log|plain] [--conf-level 0.95] [--pretty]';

const VALUE_FLAGS = new Set(['--time', '--status', '--group', '--cause', '--conf-type', '--conf-level']);

export function parseArgs(argv: readonly string[]): CliArgs {
  const values = new Map<string, string>();
  const positional: string[] = [];
  let pretty = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--pretty') {
      pretty = true;
      continue;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const flag = eq > 0 ? a.slice(0, eq) : a;
      if (!VALUE_FLAGS.has(flag)) throw new CliError(`unknown option ${flag}. ${USAGE}`, EXIT.usage);
      const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') throw new CliError(`option ${flag} needs a value. ${USAGE}`, EXIT.usage);
      values.set(flag, value);
      continue;
    }
    positional.push(a);
  }
  if (positional.length !== 1) throw new CliError(`expected exactly one CSV file, got ${positional.length}. ${USAGE}`, EXIT.usage);
  const time = values.get('--time');
  const status = values.get('--status');
  if (!time || !status) throw new CliError(`--time and --status are required. ${USAGE}`, EXIT.usage);
  const confTypeRaw = values.get('--conf-type');
  if (confTypeRaw !== undefined && !(CONF_TYPES as readonly string[]).includes(confTypeRaw)) {
    throw new CliError(`--conf-type must be log, log-log or plain, got "${confTypeRaw}"`, EXIT.usage);
  }
  const levelRaw = values.get('--conf-level');
  const confLevel = levelRaw === undefined ? undefined : Number(levelRaw);
  if (confLevel !== undefined && !(confLevel > 0 && confLevel < 1)) {
    throw new CliError(`--conf-level must be a number in (0, 1), got "${levelRaw}"`, EXIT.usage);
  }
  return {
    file: positional[0] as string,
    time,
    status,
    group: values.get('--group'),
    cause: values.get('--cause'),
    confType: confTypeRaw as ConfType | undefined,
    confLevel,
    pretty,
  };
}

export interface Table {
  fields: string[];
  rows: string[][];
}

/** Parse CSV text (header row required; quoted fields; blank lines skipped). */
export function parseCsv(text: string): Table {
  const res = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
  const err = res.errors[0];
  if (err) {
    const where = err.row === undefined ? '' : ` at data row ${err.row}`;
    throw new CliError(`CSV parse error${where}: ${err.message}`, EXIT.data);
  }
  const [header, ...rows] = res.data;
  if (!header) throw new CliError('CSV file is empty (no header row)', EXIT.data);
  return { fields: header.map((h) => h.trim()), rows };
}

export function readCsvFile(file: string): Table {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${file}${code === 'ENOENT' ? ': no such file' : code ? `: ${code}` : ''}`, EXIT.file);
  }
  return parseCsv(text);
}

const where = (row: number, col: string): string => `data row ${row + 1} (file line ${row + 2}), column "${col}"`;

function column(table: Table, name: string): number {
  const j = table.fields.indexOf(name);
  if (j < 0) throw new CliError(`column "${name}" not found; columns are: ${table.fields.join(', ')}`, EXIT.data);
  return j;
}

function cell(table: Table, i: number, j: number): string {
  return (table.rows[i]?.[j] ?? '').trim();
}

export interface Columns {
  time: number[];
  status: number[];
  group?: string[];
  cause?: number[];
}

/**
 * Convert the chosen columns, checking every value; errors name the 1-based
 * data row (header excluded), the file line and the column.
 */
export function extractColumns(table: Table, args: Pick<CliArgs, 'time' | 'status' | 'group' | 'cause'>): Columns {
  const jt = column(table, args.time);
  const js = column(table, args.status);
  const jg = args.group === undefined ? -1 : column(table, args.group);
  const jc = args.cause === undefined ? -1 : column(table, args.cause);
  const n = table.rows.length;
  const time = new Array<number>(n);
  const status = new Array<number>(n);
  const group = jg >= 0 ? new Array<string>(n) : undefined;
  const cause = jc >= 0 ? new Array<number>(n) : undefined;
  for (let i = 0; i < n; i++) {
    const ts = cell(table, i, jt);
    const t = ts === '' ? NaN : Number(ts);
    if (!Number.isFinite(t)) throw new CliError(`${where(i, args.time)}: time "${ts}" is not a number`, EXIT.data);
    if (t < 0) throw new CliError(`${where(i, args.time)}: time ${ts} is negative`, EXIT.data);
    time[i] = t;
    const ss = cell(table, i, js);
    if (ss !== '0' && ss !== '1') throw new CliError(`${where(i, args.status)}: status "${ss}" must be 0 (censored) or 1 (event)`, EXIT.data);
    status[i] = ss === '1' ? 1 : 0;
    if (group) {
      const g = cell(table, i, jg);
      if (g === '' || g === 'NA') throw new CliError(`${where(i, args.group ?? '')}: group is missing`, EXIT.data);
      group[i] = g;
    }
    if (cause) {
      const cs = cell(table, i, jc);
      const c = cs === '' ? NaN : Number(cs);
      if (!Number.isInteger(c) || c < 0) {
        throw new CliError(`${where(i, args.cause ?? '')}: cause "${cs}" must be 0 (censored) or a positive integer cause code`, EXIT.data);
      }
      cause[i] = c;
    }
  }
  return { time, status, group, cause };
}

export function run(argv: readonly string[]): { json: AnalysisJson & Record<string, unknown>; pretty: boolean } {
  const args = parseArgs(argv);
  const table = readCsvFile(args.file);
  const cols = extractColumns(table, args);
  try {
    const result = analyse({
      ...cols,
      confTypes: args.confType ? [args.confType] : undefined,
      confLevel: args.confLevel,
    });
    const json = {
      dataset: path.basename(args.file).replace(/\.csv$/i, ''),
      columns: { time: args.time, status: args.status, ...(args.group ? { group: args.group } : {}), ...(args.cause ? { cause: args.cause } : {}) },
      ...result,
    };
    return { json, pretty: args.pretty };
  } catch (e) {
    if (e instanceof SurvivalInputError) {
      const row = e.index === undefined ? '' : `${where(e.index, e.field ?? '')}: `;
      throw new CliError(`${row}${e.message}`, EXIT.data);
    }
    throw e;
  }
}

export function main(argv: readonly string[]): number {
  try {
    const { json, pretty } = run(argv);
    process.stdout.write(`${JSON.stringify(json, null, pretty ? 2 : undefined)}\n`);
    return EXIT.ok;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`survival: error: ${msg.replace(/\s*\n\s*/g, ' ')}\n`);
    return e instanceof CliError ? e.exitCode : 1;
  }
}

const invokedDirectly = /survival-cli\.[cm]?[tj]s$/.test(process.argv[1] ?? '');
if (invokedDirectly) process.exitCode = main(process.argv.slice(2));
