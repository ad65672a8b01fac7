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
 *
 * It runs as plain JavaScript: scripts/build-survival-cli.mjs bundles this file
 * with lib/survival into .data/build/survival-cli.cjs, and `npm run survival`
 * (scripts/survival.mjs) runs that bundle with node, building it first when it
 * is missing or older than a source (docs/survival-cli.md). The CSV is read in
 * chunks straight into typed arrays (scripts/survival-csv.ts).
 */
import path from 'node:path';
import { analyse, CONF_TYPES, SurvivalInputError, type AnalysisJson, type ConfType } from '../lib/survival';
import { CliError, EXIT } from './survival-cli-error';
import { readColumnsFromFile } from './survival-csv';

export { CliError, EXIT } from './survival-cli-error';
export { readColumns, readColumnsFromFile, type ColumnNames, type SurvivalColumns } from './survival-csv';

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

export function run(argv: readonly string[]): { json: AnalysisJson & Record<string, unknown>; pretty: boolean } {
  const args = parseArgs(argv);
  const cols = readColumnsFromFile(args.file, args);
  try {
    const result = analyse({
      time: cols.time,
      status: cols.status,
      group: cols.group,
      cause: cols.cause,
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
      const row = e.index === undefined ? '' : `data row ${e.index + 1} (file line ${cols.fileLine(e.index)}), column "${e.field ?? ''}": `;
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
