/**
 * `npm test`: every check, stopping at the first failure:
 * type check → lint → unit → [integration (PGlite) ‖ integration (PostgreSQL, when TEST_DATABASE_URL
 * or DATABASE_URL is set) ‖ the production build the end-to-end tests serve] → Playwright in Debian's
 * Chromium.
 *
 * Why the middle group runs at once: the PGlite suite is one Node process running WASM PostgreSQL on
 * one core, files one at a time; the PostgreSQL suite mostly waits on the server; the build is the
 * e2e step's first three minutes. On this project's 2-core machines, one after the other left a core
 * idle for a quarter of an hour. The live output is the PGlite suite's; the others are written to
 * .data/test-logs/<step>.log and printed when they end (in full when they fail).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

interface Step { name: string; cmd: string; args: string[]; env?: Record<string, string> }

const npx = 'npx';
const pgUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
const withE2e = !process.argv.includes('--no-e2e');
const e2eDistDir = process.env.NEXT_DIST_DIR ?? '.next-e2e';
const logDir = path.join('.data', 'test-logs');

const first: Step[] = [
  { name: 'type check', cmd: npx, args: ['tsc', '--noEmit'] },
  { name: 'lint', cmd: npx, args: ['eslint', '--max-warnings=0', '.'] },
  { name: 'unit tests', cmd: npx, args: ['vitest', 'run', '--project', 'unit'] },
];
/** The first of the group streams to the terminal; the others are logged to files. */
const group: Step[] = [
  { name: 'integration tests (PGlite)', cmd: npx, args: ['vitest', 'run', '--project', 'integration'], env: { TEST_DB_KIND: 'pglite' } },
];
if (pgUrl) {
  group.push({ name: 'integration tests (PostgreSQL)', cmd: npx, args: ['vitest', 'run', '--project', 'integration'], env: { TEST_DB_KIND: 'pg', TEST_DATABASE_URL: pgUrl } });
} else {
  console.log('[test] TEST_DATABASE_URL not set: integration tests run on PGlite only.');
}
if (withE2e) {
  // The same build scripts/e2e-server.ts would make (start.ts: NODE_ENV=production into NEXT_DIST_DIR);
  // made here, the e2e step finds it fresh and only serves it.
  group.push({ name: 'production build for end-to-end', cmd: process.execPath, args: [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'build'], env: { NEXT_DIST_DIR: e2eDistDir, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' } });
}
const last: Step[] = withE2e ? [{ name: 'end-to-end (Playwright, Chromium)', cmd: npx, args: ['playwright', 'test'] }] : [];

function ensureChromium(): void {
  if (fs.existsSync('/usr/bin/chromium')) return;
  if (process.getuid?.() === 0) {
    console.log('[test] /usr/bin/chromium missing: installing Debian\'s chromium with apt-get…');
    const r = spawnSync('sh', ['-c', 'apt-get install -y chromium || (apt-get update && apt-get install -y chromium)'], { stdio: 'inherit' });
    if (r.status === 0 && fs.existsSync('/usr/bin/chromium')) return;
  }
  console.error('[test] End-to-end tests need Debian\'s Chromium at /usr/bin/chromium: run `sudo apt-get install -y chromium` (Playwright cannot download browsers here).');
  process.exit(1);
}

const results: string[] = [];
function fail(name: string, status: number | null): never {
  console.error(`\n[test] ✗ ${name} failed.\n${results.join('\n')}`);
  process.exit(status ?? 1);
}

function runInline(step: Step): void {
  const t0 = Date.now();
  console.log(`\n[test] ▶ ${step.name}`);
  const r = spawnSync(step.cmd, step.args, { stdio: 'inherit', env: { ...process.env, ...step.env } });
  results.push(`${r.status === 0 ? '✓' : '✗'} ${step.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  if (r.status !== 0) fail(step.name, r.status);
}

function runAsync(step: Step, live: boolean): Promise<{ step: Step; status: number | null; secs: string; logFile: string | null }> {
  const t0 = Date.now();
  const logFile = live ? null : path.join(logDir, `${step.name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()}.log`);
  console.log(`\n[test] ▶ ${step.name}${logFile ? ` (output: ${logFile})` : ''}`);
  const out = logFile ? fs.openSync(logFile, 'w') : 'inherit';
  const child = spawn(step.cmd, step.args, { stdio: ['ignore', out, out], env: { ...process.env, ...step.env } });
  return new Promise((resolve) => {
    child.on('close', (status) => {
      if (typeof out === 'number') fs.closeSync(out);
      resolve({ step, status, secs: ((Date.now() - t0) / 1000).toFixed(1), logFile });
    });
  });
}

async function main(): Promise<void> {
  for (const step of first) runInline(step);
  fs.mkdirSync(logDir, { recursive: true });
  const done = await Promise.all(group.map((step, i) => runAsync(step, i === 0).then((r) => {
    if (r.logFile) {
      const text = fs.readFileSync(r.logFile, 'utf8');
      // A passing suite prints its summary; a failing one (or a build) its whole log.
      console.log(`\n[test] ── ${r.step.name}: ${r.status === 0 ? 'passed' : 'FAILED'} (${r.secs} s) ──`);
      console.log(r.status === 0 && r.step.cmd === npx ? text.split('\n').slice(-8).join('\n') : text);
    }
    return r;
  })));
  for (const r of done) results.push(`${r.status === 0 ? '✓' : '✗'} ${r.step.name} (${r.secs} s)`);
  const failed = done.find((r) => r.status !== 0);
  if (failed) fail(failed.step.name, failed.status);
  for (const step of last) {
    ensureChromium();
    runInline(step);
  }
  console.log(`\n[test] all checks passed:\n${results.join('\n')}`);
}

void main();
