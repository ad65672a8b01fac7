/**
 * Unit tests of the CLI helpers and its CSV reader (against papaparse, which it replaced), end-to-end
 * runs of the TypeScript source (spawned with tsx: a reference data set compared with its expected
 * JSON, and an error exit), and of the built JavaScript (same output as the source; rebuilt when stale).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { compareTree, loadExpected, REFERENCE_DIR } from '../lib/survival/test-helpers';
import { CliError, EXIT, main, parseArgs, readColumns, readColumnsFromFile, run, type ColumnNames } from './survival-cli';

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

const plain = (c: ReturnType<typeof readColumns>) => ({
  fields: c.fields,
  time: Array.from(c.time),
  status: Array.from(c.status),
  group: c.group,
  cause: c.cause && Array.from(c.cause),
});

/** What the CLI did before this reader: papaparse (skipEmptyLines), trimmed cells, Number(). */
function viaPapaparse(text: string, names: ColumnNames) {
  const res = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
  const [header, ...rows] = res.data;
  const fields = (header ?? []).map((h) => h.trim());
  const cell = (r: string[], name: string) => (r[fields.indexOf(name)] ?? '').trim();
  return {
    fields,
    time: rows.map((r) => Number(cell(r, names.time))),
    status: rows.map((r) => (cell(r, names.status) === '1' ? 1 : 0)),
    group: names.group === undefined ? undefined : rows.map((r) => cell(r, names.group as string)),
    cause: names.cause === undefined ? undefined : rows.map((r) => Number(cell(r, names.cause as string))),
  };
}

describe('CSV reading (scripts/survival-csv.ts)', () => {
  const all = { time: 'time', status: 'status', group: 'grp', cause: 'cause' };
  it('parses quoted headers and values, skipping blank lines', () => {
    const c = readColumns('"time","status","grp","cause"\n5,1,"A",1\n8,0,B,0\n\n', all);
    expect(c.n).toBe(2);
    expect(plain(c)).toEqual({ fields: ['time', 'status', 'grp', 'cause'], time: [5, 8], status: [1, 0], group: ['A', 'B'], cause: [1, 0] });
  });

  // Each text is read with every chunk size from 4 bytes up, so records, quotes, "" escapes, \r\n
  // and the byte order mark all get split across chunks somewhere.
  const dialects: [string, string][] = [
    ['CRLF, BOM, spaces', '\uFEFF time , status ,grp,cause\r\n 5 ,1, A ,1\r\n8.25,0,B,0\r\n\r\n12,1,A,2'],
    ['semicolons', 'time;status;grp;cause\n1.5;1;x;1\n2;0;y;0\n'],
    ['tabs, no final newline', 'time\tstatus\tgrp\tcause\n3\t1\tg 1\t1\n4\t0\tg 2\t0'],
    ['quotes with "" and line ends inside, spaces after the closing quote', 'time,status,grp,cause\n"7",1,"say ""hi""\nthere" ,2\n9,"0","a,b",0\n'],
    ['numbers Number() reads its own way', 'time,status,grp,cause\n1e3,1,A,1\n+2,0,B,0\n0x10,1,A,3\n.5,1,C,1\n007.50,0,A,0\n123456789012345678,1,B,1\n0.1000000000000000055511151231257827,1,A,1\n'],
    ['CR only, NA-like labels', 'time,status,grp,cause\r1,1,NAN,1\r2,0,na,0\r'],
    ['ragged rows', 'time,status,grp,cause,extra\n1,1,A,1\n2,0,B,0,x,y\n'],
    ['non-ASCII labels', 'time,status,grp,cause\n1,1,Größe,1\n2,0,élan,0\n3,1,Größe,0\n'],
  ];
  it.each(dialects)('%s: same columns as papaparse + Number(), at every chunk size', (_name, text) => {
    const expected = viaPapaparse(text, all);
    for (const chunk of [4, 5, 6, 7, 9, 13, 32, 1 << 20]) {
      expect({ chunk, ...plain(readColumns(text, all, chunk)) }).toEqual({ chunk, ...expected });
    }
  });

  it('converts plain decimals bit for bit as Number() does', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const texts: string[] = ['0', '0.0', '5.', '0.1', '0.3', '2.675', '9007199254740993', '999999999999999', '99999999999999.9', '0.000000000000001'];
    for (let k = 0; k < 3000; k++) {
      const digits = 1 + Math.floor(rand() * 16);
      let s = '';
      for (let d = 0; d < digits; d++) s += String(Math.floor(rand() * 10));
      const dot = Math.floor(rand() * (digits + 1));
      texts.push(dot === digits ? s : `${s.slice(0, dot) || '0'}.${s.slice(dot)}`);
    }
    const c = readColumns(`time,status\n${texts.map((t) => `${t},1`).join('\n')}\n`, { time: 'time', status: 'status' });
    const got = Array.from(c.time);
    const want = texts.map(Number);
    for (let k = 0; k < texts.length; k++) if (!Object.is(got[k], want[k])) throw new Error(`${texts[k]}: ${got[k]} ≠ ${want[k]}`);
  });

  it.each([
    ['time,status\n1,1\nabc,0\n', { time: 'time', status: 'status' }, /^data row 2 \(file line 3\), column "time": time "abc" is not a number$/],
    ['time,status\n1,1\n-4,0\n', { time: 'time', status: 'status' }, /data row 2 \(file line 3\), column "time": time -4 is negative/],
    ['time,status\n1,\n', { time: 'time', status: 'status' }, /data row 1 \(file line 2\), column "status": status "" must be 0/],
    ['time,status\n1,2\n', { time: 'time', status: 'status' }, /column "status": status "2"/],
    ['time,status\n1,1\n', { time: 'days', status: 'status' }, /column "days" not found; columns are: time, status/],
    ['time,status,g\n1,1,\n', { time: 'time', status: 'status', group: 'g' }, /data row 1 \(file line 2\), column "g": group is missing/],
    ['time,status,g\n1,1,NA\n', { time: 'time', status: 'status', group: 'g' }, /column "g": group is missing/],
    ['time,status,c\n1,1,x\n', { time: 'time', status: 'status', cause: 'c' }, /column "c": cause "x"/],
    ['time,status,c\n1,1,1.5\n', { time: 'time', status: 'status', cause: 'c' }, /column "c": cause "1.5" must be 0/],
    ['time,status\n1,1\n\n"2\n",1\n3,x\n', { time: 'time', status: 'status' }, /^data row 3 \(file line 6\), column "status": status "x"/],
    ['time,status\n1,1\n"2,1\n', { time: 'time', status: 'status' }, /^CSV parse error at data row 2 \(file line 3\): Quoted field unterminated$/],
    ['time,status\n"2"x,1\n', { time: 'time', status: 'status' }, /^CSV parse error at data row 1 \(file line 2\): Trailing quote on quoted field is malformed$/],
    ['\n\n', { time: 'time', status: 'status' }, /^CSV file is empty \(no header row\)$/],
  ])('bad data %j', (text, args, msg) => {
    for (const chunk of [4, 1 << 20]) {
      const e = cliError(() => readColumns(text, args, chunk));
      expect(e.exitCode).toBe(EXIT.data);
      expect(e.message).toMatch(msg);
    }
  });

  it('missing file', () => {
    const e = cliError(() => readColumnsFromFile(path.join(os.tmpdir(), 'does-not-exist-survival.csv'), { time: 't', status: 's' }));
    expect(e.exitCode).toBe(EXIT.file);
    expect(e.message).toMatch(/no such file/);
  });

  it('a directory is a file error', () => {
    const e = cliError(() => readColumnsFromFile(os.tmpdir(), { time: 't', status: 's' }));
    expect(e.exitCode).toBe(EXIT.file);
    expect(e.message).toMatch(/EISDIR/);
  });

  it('reads every reference file as papaparse did', () => {
    for (const name of ['aml', 'ovarian', 'pbc', 'veteran']) {
      const text = fs.readFileSync(refCsv(name), 'utf8');
      const names = { time: 'time', status: 'status', group: 'group', ...(name === 'pbc' ? { cause: 'cause' } : {}) };
      expect(plain(readColumnsFromFile(refCsv(name), names, 4096))).toEqual(viaPapaparse(text, names));
    }
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

describe('built JavaScript (node scripts/survival.mjs, node <bundle>)', () => {
  // Its own build directory, so the test neither races nor replaces a developer's .data/build.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'survival-cli-build-'));
  const env = { ...process.env, SURVIVAL_CLI_BUILD_DIR: dir };
  const bundle = path.join(dir, 'survival-cli.cjs');
  const inputs = path.join(dir, 'survival-cli.inputs.json');
  const node = (args: string[]) => spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env });
  const args = [refCsv('pbc'), '--time', 'time', '--status', 'status', '--group', 'group', '--cause', 'cause'];

  it('npm run build:cli builds a bundle that prints what the TypeScript source prints', () => {
    const b = node(['scripts/build-survival-cli.mjs']);
    expect(b.stderr).toBe('');
    expect(b.status).toBe(0);
    const fromSource = spawnSync('npx', ['tsx', 'scripts/survival-cli.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
    expect(fromSource.status).toBe(0);
    for (const r of [node([bundle, ...args]), node(['scripts/survival.mjs', ...args])]) {
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(fromSource.stdout);
    }
    const bad = node(['scripts/survival.mjs', refCsv('aml'), '--time', 'nope', '--status', 'status']);
    expect(bad.status).toBe(EXIT.data);
    expect(bad.stderr).toMatch(/^survival: error: column "nope" not found[^\n]*\n$/);
  }, 60_000);

  it('scripts/survival.mjs builds when the bundle is missing and rebuilds when a source changed', () => {
    fs.rmSync(dir, { recursive: true, force: true });
    const first = node(['scripts/survival.mjs', ...args]);
    expect(first.status).toBe(0);
    expect(fs.existsSync(bundle)).toBe(true);
    const stamps = JSON.parse(fs.readFileSync(inputs, 'utf8')) as Record<string, string>;
    expect(Object.keys(stamps)).toEqual(expect.arrayContaining(['scripts/survival-cli.ts', 'scripts/survival-csv.ts', 'lib/survival/analyse.ts']));
    const builtAt = fs.statSync(bundle).mtimeMs;
    // Fresh: run without rebuilding.
    expect(node(['scripts/survival.mjs', ...args]).status).toBe(0);
    expect(fs.statSync(bundle).mtimeMs).toBe(builtAt);
    // A source whose size or mtime differs from the stamp makes the next start rebuild.
    fs.writeFileSync(inputs, JSON.stringify({ ...stamps, 'scripts/survival-cli.ts': '0:0' }));
    const again = node(['scripts/survival.mjs', ...args]);
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    expect((JSON.parse(fs.readFileSync(inputs, 'utf8')) as Record<string, string>)['scripts/survival-cli.ts']).not.toBe('0:0');
  }, 60_000);
});
