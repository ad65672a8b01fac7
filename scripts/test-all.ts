/**
 * `npm test`: every check, in order, stopping at the first failure:
 * type check → lint → unit → integration (PGlite) → integration (PostgreSQL, when
 * TEST_DATABASE_URL or DATABASE_URL is set) → Playwright end-to-end in Debian's Chromium.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

interface Step { name: string; cmd: string; args: string[]; env?: Record<string, string> }

const npx = 'npx';
const pgUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
const steps: Step[] = [
  { name: 'type check', cmd: npx, args: ['tsc', '--noEmit'] },
  { name: 'lint', cmd: npx, args: ['eslint', '--max-warnings=0', '.'] },
  { name: 'unit tests', cmd: npx, args: ['vitest', 'run', '--project', 'unit'] },
  { name: 'integration tests (PGlite)', cmd: npx, args: ['vitest', 'run', '--project', 'integration'], env: { TEST_DB_KIND: 'pglite' } },
];
if (pgUrl) {
  steps.push({ name: 'integration tests (PostgreSQL)', cmd: npx, args: ['vitest', 'run', '--project', 'integration'], env: { TEST_DB_KIND: 'pg', TEST_DATABASE_URL: pgUrl } });
} else {
  console.log('[test] TEST_DATABASE_URL not set: integration tests run on PGlite only.');
}
if (!process.argv.includes('--no-e2e')) steps.push({ name: 'end-to-end (Playwright, Chromium)', cmd: npx, args: ['playwright', 'test'] });

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
for (const step of steps) {
  if (step.name.startsWith('end-to-end')) ensureChromium();
  const t0 = Date.now();
  console.log(`\n[test] ▶ ${step.name}`);
  const r = spawnSync(step.cmd, step.args, { stdio: 'inherit', env: { ...process.env, ...step.env } });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  results.push(`${r.status === 0 ? '✓' : '✗'} ${step.name} (${secs} s)`);
  if (r.status !== 0) {
    console.error(`\n[test] ✗ ${step.name} failed.\n${results.join('\n')}`);
    process.exit(r.status ?? 1);
  }
}
console.log(`\n[test] all checks passed:\n${results.join('\n')}`);
