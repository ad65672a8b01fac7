/**
 * The data API's R and Python clients against the running instance (issue 18): a token made on the
 * account page, clients/r/pull-registry.R and clients/python/pull_registry.py pull the whole
 * registry, and what they compute — patients per centre, OS after discontinuation (n, events, and
 * the median through R's survival package) — equals the dashboards' numbers, downloaded from the
 * dashboard CSV export (lib/analysis on the same database at the same moment), not hard-coded.
 *
 * R and Python come from Debian's packages (.ci/run installs r-base-core r-cran-survival python3
 * python3-pandas python3-requests); without them this test fails saying so, it is never skipped.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { loginAs } from './helpers';

const CUTOFF = '2017-06-30';
/** Debian's interpreter first: its python3-pandas is what CI installs (a pyenv shim may lack pandas). */
const PYTHON = process.env.E2E_PYTHON ?? (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

interface ClientSummary { patients: number; patientsPerCentre: Record<string, number>; osDisc: { n: number; events: number; medianMonths?: number | null } }

function requireTool(cmd: string, args: string[], install: string): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? r.stderr.trim()}): install ${install} (apt-get install -y ${install}; .ci/run does).`);
  }
}

function runClient(cmd: string, args: string[], baseURL: string, token: string): ClientSummary {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, CLL_API_URL: baseURL, CLL_TOKEN: token }, timeout: 120_000 });
  expect(r.status, `${cmd} ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as ClientSummary;
}

async function dashboardCsv(page: Page, request: APIRequestContext, query: string): Promise<string[][]> {
  const cookies = await page.context().cookies();
  const res = await request.get(`/dashboard/export?${query}`, { headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') } });
  expect(res.status()).toBe(200);
  // The dashboard CSV has no quoted commas in these tables' cells (codes, counts, "2.0 (0.8–5.5)").
  return (await res.text()).replace(/^\uFEFF/, '').split(/\r?\n/).map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
}

test('R and Python clients pull the registry and reproduce the dashboards\' numbers', async ({ page, request, baseURL }) => {
  test.setTimeout(240_000);
  requireTool('Rscript', ['-e', 'library(survival)'], 'r-base-core r-cran-survival');
  requireTool(PYTHON, ['-c', 'import pandas, requests'], 'python3 python3-pandas python3-requests');
  if (!baseURL) throw new Error('no baseURL');

  await loginAs(page, 'coordinator');
  await page.goto('/account');
  const form = page.getByRole('form', { name: 'New personal access token' });
  await form.getByLabel('Name').fill('CI clients');
  await form.getByLabel(/Expires after/).fill('7');
  await form.getByRole('button', { name: 'Make token' }).click();
  const token = (await page.getByTestId('api-token-value').textContent())?.trim() ?? '';
  expect(token).toMatch(/^cllr_/);

  // The dashboards' numbers, computed by lib/analysis on this database.
  const centres = await dashboardCsv(page, request, `cutoff=${CUTOFF}&population=all&table=centres&page=overview`);
  const expectedPerCentre = Object.fromEntries(centres.filter((r) => /^[A-Z]{2}-\d{2}$/.test(r[0] ?? '')).map((r) => [r[0], Number(r[1])]));
  expect(Object.keys(expectedPerCentre).length).toBeGreaterThan(1);
  const survival = await dashboardCsv(page, request, `cutoff=${CUTOFF}&population=discontinued&endpoint=os_disc&table=survival-summary&page=survival`);
  const all = survival.find((r) => r[0] === 'All');
  expect(all, survival.map((r) => r.join(',')).join('\n')).toBeDefined();
  const [, n, events, median] = all ?? [];

  const fromR = runClient('Rscript', ['clients/r/pull-registry.R', CUTOFF], baseURL, token);
  expect(fromR.patientsPerCentre).toEqual(expectedPerCentre);
  expect(fromR.osDisc.n).toBe(Number(n));
  expect(fromR.osDisc.events).toBe(Number(events));
  expect(fromR.osDisc.medianMonths?.toFixed(1)).toBe(median?.split(' ')[0]);

  const fromPython = runClient(PYTHON, ['clients/python/pull_registry.py', CUTOFF], baseURL, token);
  expect(fromPython.patientsPerCentre).toEqual(expectedPerCentre);
  expect(fromPython.osDisc).toEqual({ n: Number(n), events: Number(events) });
  expect(fromPython.patients).toBe(fromR.patients);

  // The token is listed with its last use.
  await page.goto('/account');
  const row = page.getByRole('table', { name: 'Your API tokens' }).getByRole('row', { name: /CI clients/ });
  await expect(row).toContainText('active');
  await expect(row).not.toContainText('never');
});

test('over HTTP: a session cookie is no API access, errors are problem+json, the OpenAPI document is served', async ({ page }) => {
  await loginAs(page, 'coordinator');
  // The browser's session cookie goes with this request: the API ignores it.
  const withCookie = await page.request.get('/api/v1/patients');
  expect(withCookie.status()).toBe(401);
  expect(withCookie.headers()['content-type']).toBe('application/problem+json');
  expect((await withCookie.json() as { detail: string }).detail).toMatch(/Authorization: Bearer/);
  const unknown = await page.request.get('/api/v1/no-such-thing');
  expect(unknown.status()).toBe(404);
  expect(unknown.headers()['content-type']).toBe('application/problem+json');
  // Read-only: other methods are refused before any handler (same-origin POST → 405; cross-site → 403 from proxy.ts).
  const post = await page.request.post('/api/v1/patients', { data: {} });
  expect(post.status()).toBe(405);
  expect(post.headers()['content-type']).toBe('application/problem+json');
  const doc = await page.request.get('/api/v1/openapi.json');
  expect(doc.status()).toBe(200);
  const body = await doc.json() as { openapi: string; paths: Record<string, unknown> };
  expect(body.openapi).toBe('3.1.0');
  expect(Object.keys(body.paths)).toContain('/forms/baseline');
  const etag = doc.headers().etag ?? '';
  expect((await page.request.get('/api/v1/openapi.json', { headers: { 'if-none-match': etag } })).status()).toBe(304);
  await page.goto('/api-docs');
  await expect(page.getByRole('table', { name: 'API endpoints' })).toContainText('/api/v1/analysis');
});
