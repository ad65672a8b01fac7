/**
 * Unit tests of the CLI helpers plus two end-to-end runs (spawned with tsx):
 * a reference data set compared with its expected JSON, and an error exit.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareTree, loadExpected, REFERENCE_DIR } from '../lib/survival/test-helpers';
import { CliError, EXIT, extractColumns, main, parseArgs, parseCsv, readCsvFile, run } from './survival-cli';

const ROOT = path.resolve(__dirname, '..');
const refCsv = (name: string) => path.join(REFERENCE_DIR, `${name}.csv`);

function cliError(fn: () => unknown): CliError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error('expected a CliError');
}

describe('parseArgs', () => {
  it('reads file and options (both --opt value and --opt=value)', () => {
    expect(parseArgs(['d.csv', '--time', 't', '--status=s', '--group', 'g', '--conf-type', 'log-log', '--conf-level', '0.9'])).toEqual({
      file: 'd.csv',
      time: 't',
      status: 's',
      group: 'g',
      cause: undefined,
      confType: 'log-log',
      confLevel: 0.9,
      pretty: false,
    });
  });
  it.each([
    [['--time', 't', '--status', 's'], /exactly one CSV file/],
    [['d.csv', '--time', 't'], /--time and --status are required/],
    [['d.csv', '--time', 't', '--status', 's', '--conf-type', 'loglog'], /--conf-type must be/],
    [['d.csv', '--time', 't', '--status', 's', '--conf-level', '95'], /--conf-level/],
    [['d.csv', '--time', 't', '--status', 's', '--bogus', '1'], /unknown option --bogus/],
    [['d.csv', '--time'], /needs a value/],
  ])('usage error for %j', (argv, msg) => {
    const e = cliError(() => parseArgs(argv));
    expect(e.exitCode).toBe(EXIT.usage);
    expect(e.message).toMatch(msg);
  });
});

describe('CSV reading and column extraction', () => {
  const table = parseCsv('"time","status","grp","cause"\n5,1,"A",1\n8,0,B,0\n\n');
  it('parses quoted headers and values, skipping blank lines', () => {
    expect(table.fields).toEqual(['time', 'status', 'grp', 'cause']);
    expect(extractColumns(table, { time: 'time', status: 'status', group: 'grp', cause: 'cause' })).toEqual({
      time: [5, 8],
      status: [1, 0],
      group: ['A', 'B'],
      cause: [1, 0],
    });
  });
  it.each([
    ['time,status\n1,1\nabc,0\n', { time: 'time', status: 'status' }, /^data row 2 \(file line 3\), column "time": time "abc" is not a number$/],
    ['time,status\n1,1\n-4,0\n', { time: 'time', status: 'status' }, /data row 2 \(file line 3\), column "time": time -4 is negative/],
    ['time,status\n1,\n', { time: 'time', status: 'status' }, /data row 1 \(file line 2\), column "status": status "" must be 0/],
    ['time,status\n1,2\n', { time: 'time', status: 'status' }, /column "status": status "2"/],
    ['time,status\n1,1\n', { time: 'days', status: 'status' }, /column "days" not found; columns are: time, status/],
    ['time,status,g\n1,1,\n', { time: 'time', status: 'status', group: 'g' }, /data row 1 \(file line 2\), column "g": group is missing/],
    ['time,status,c\n1,1,x\n', { time: 'time', status: 'status', cause: 'c' }, /column "c": cause "x"/],
  ])('bad data %j', (text, args, msg) => {
    const e = cliError(() => extractColumns(parseCsv(text), args));
    expect(e.exitCode).toBe(EXIT.data);
    expect(e.message).toMatch(msg);
  });
  it('missing file', () => {
    const e = cliError(() => readCsvFile(path.join(os.tmpdir(), 'does-not-exist-survival.csv')));
    expect(e.exitCode).toBe(EXIT.file);
    expect(e.message).toMatch(/no such file/);
  });
});

describe('run()', () => {
  it('restricts CI output with --conf-type', () => {
    const { json } = run([refCsv('aml'), '--time', 'time', '--status', 'status', '--conf-type', 'plain']);
    expect(Object.keys(json.overall.median)).toEqual(['plain']);
    expect(json.overall.curve.lower_plain).toBeDefined();
    expect(json.overall.curve.lower_log).toBeUndefined();
    expect(json.groups).toEqual([]);
  });
  it('main() returns the exit code and writes one line to stderr', () => {
    const writes: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => {
      writes.push(s);
      return true;
    }) as typeof process.stderr.write;
    try {
      expect(main([refCsv('aml'), '--time', 'nope', '--status', 'status'])).toBe(EXIT.data);
    } finally {
      process.stderr.write = orig;
    }
    expect(writes.join('')).toMatch(/^survival: error: column "nope" not found[^\n]*\n$/);
  });
});

describe('end to end (npx tsx scripts/survival-cli.ts)', () => {
  const cli = (args: string[]) => spawnSync('npx', ['tsx', 'scripts/survival-cli.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

  it('pbc with --group and --cause reproduces the reference JSON', () => {
    const r = cli([refCsv('pbc'), '--time', 'time', '--status', 'status', '--group', 'group', '--cause', 'cause']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const got = JSON.parse(r.stdout) as Record<string, unknown>;
    const expected = loadExpected('pbc');
    for (const section of ['overall', 'groups', 'logrank', 'cox', 'cumulative_incidence']) {
      const tol = section === 'cox' || section === 'cumulative_incidence' ? 1e-6 : 1e-9;
      expect(compareTree(expected[section], got[section], () => tol).mismatches).toEqual([]);
    }
    expect(got.columns).toEqual({ ...(expected.columns as object), cause: 'cause' });
  }, 60_000);

  it('exits non-zero with a one-line message naming row and column', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'survival-cli-'));
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(file, 'time,status\n3,1\n4,1\nfoo,0\n');
    const r = cli([file, '--time', 'time', '--status', 'status']);
    expect(r.status).toBe(EXIT.data);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('survival: error: data row 3 (file line 4), column "time": time "foo" is not a number\n');
  }, 60_000);
});
