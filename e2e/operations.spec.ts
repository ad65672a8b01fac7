/**
 * Operations (issue 12): health and readiness without a session, and a server error's trail — the
 * error page shows a reference, the server log has exactly one "server error" JSON line with the
 * same request id (scripts/e2e-server.ts copies the server's output to <data dir>-server.log).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { DEMO_USERS, loginAs } from './helpers';

const serverLog = path.resolve(`${process.env.E2E_DATA_DIR ?? path.join('.data', 'e2e')}-server.log`);

function logLines(): Record<string, unknown>[] {
  return fs.readFileSync(serverLog, 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

test('GET /api/health and /api/ready answer JSON without a session, not cached, no cookie', async ({ request }) => {
  const health = await request.get('/api/health');
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });
  expect(health.headers()['cache-control']).toContain('no-store');
  expect(health.headers()['set-cookie']).toBeUndefined();
  const ready = await request.get('/api/ready');
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ready' });
  expect(ready.headers()['cache-control']).toContain('no-store');
  expect(ready.headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
});

test('a server error: the page shows the request id, the log has one JSON error line with it and no e-mail', async ({ page }) => {
  await loginAs(page, 'admin');
  const response = await page.goto('/admin/error-check');
  expect(response?.status()).toBe(500);
  const requestId = response?.headers()['x-request-id'] ?? '';
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: 'Something went wrong' })).toBeVisible();
  await expect(page.getByTestId('error-reference')).toHaveText(`request ${requestId}`);
  await expect(page.getByText('Deliberate failure')).toHaveCount(0);

  // The access line is written when the response finishes: give the server a moment.
  await expect.poll(() => logLines().filter((l) => l.requestId === requestId && l.msg === 'request').length).toBe(1);
  const mine = logLines().filter((l) => l.requestId === requestId);
  const errors = mine.filter((l) => l.level === 'error');
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatchObject({ msg: 'server error', route: '/admin/error-check', err: { type: 'ErrorCheckFailure' } });
  const access = mine.find((l) => l.msg === 'request');
  expect(access).toMatchObject({ method: 'GET', route: '/admin/error-check', status: 500, level: 'info' });
  expect(typeof access?.userId).toBe('number');
  expect(typeof access?.durationMs).toBe('number');
  const text = JSON.stringify(mine);
  for (const u of DEMO_USERS) expect(text).not.toContain(u.email);
});

test('an incoming X-Request-Id is kept when it looks like an id, replaced when it does not', async ({ request }) => {
  const kept = await request.get('/api/health', { headers: { 'x-request-id': 'a1b2c3d4e5f60718293a4b5c6d7e8f90' } });
  expect(kept.headers()['x-request-id']).toBe('a1b2c3d4e5f60718293a4b5c6d7e8f90');
  const replaced = await request.get('/api/health', { headers: { 'x-request-id': 'x"} {"level":"error <script>' } });
  expect(replaced.headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
});
