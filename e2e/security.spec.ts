/**
 * Security checks over HTTP against the production build (docs/reliability.md): 1 (action sweep),
 * 4 (proxy bypass), 10 (fail closed without a secret), 11 (CSRF, cookies), 13 (hostile payloads),
 * 14 (headers). Server actions are called by id from the build's manifest (test/resilience/next-client.ts).
 * Data created here: one new coordinator account with a hostile display name; no demo patient is touched.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { NextClient, readActions, type ActionRef } from '../test/resilience/next-client';
import { demoUser, login, type DemoRole } from './helpers';

const PORT = Number(process.env.E2E_PORT ?? 3210);
const BASE = `http://localhost:${PORT}`;
const DIST = process.env.NEXT_DIST_DIR ?? '.next-e2e';
/** Only a rendered patient page contains these labels: their presence means patient data leaked. */
const CANARIES = ['Birth year', 'Record status'];

async function as(role: DemoRole | null): Promise<NextClient> {
  const c = new NextClient(BASE);
  if (role) {
    const u = demoUser(role);
    const r = await c.login(u.email, u.password);
    expect(r.ok, `login as ${role}`).toBe(true);
  }
  return c;
}

function actions(): ActionRef[] {
  const list = readActions(path.join(process.cwd(), DIST));
  expect(list.length, 'the build has server actions').toBeGreaterThan(0);
  return list;
}

const resultCode = (r: { result: unknown }) => (r.result as { code?: string } | undefined)?.code;

/**
 * Actions that serve visitors without a session by design (app/password/actions.ts: "forgot
 * password" and the set-password page of an e-mailed link). An empty call must still change
 * nothing: their strict schemas refuse it as invalid.
 */
const PUBLIC_ACTIONS = new Set(['requestPasswordResetAction', 'setPasswordWithLinkAction']);

test('check 1: every server action refuses an anonymous caller and the lowest role, before touching data', async () => {
  const anon = await as(null);
  const investigator = await as('investigatorPl01');
  const covered = new Set<string>();
  for (const ref of actions()) {
    const a = await anon.action(ref, [{}]);
    expect(a.status, `${ref.name} (anonymous)`).toBe(200);
    expect(resultCode(a), `${ref.name} (anonymous) in ${ref.file}`).toBe(PUBLIC_ACTIONS.has(ref.name) ? 'invalid' : 'unauthenticated');
    const i = await investigator.action(ref, [{}]);
    expect(i.status, `${ref.name} (investigator)`).toBeLessThan(500);
    // Refused: by permission (forbidden) or, for actions an investigator may use, by the strict schema.
    expect((i.result as { ok?: boolean } | undefined)?.ok, `${ref.name} (investigator)`).toBe(false);
    expect(['forbidden', 'invalid', 'not_found'], `${ref.name} (investigator)`).toContain(resultCode(i));
    covered.add(ref.id);
  }
  expect(covered.size).toBe(actions().length);
});

test('check 4: protected pages never leak patient data through bypass headers, RSC or prefetch URLs', async () => {
  const anon = await as(null);
  const other = await as('investigatorPl02');
  const variants: { path: string; headers?: Record<string, string> }[] = [
    { path: '/patients/PL-01-005' },
    { path: '/patients/PL-01-005', headers: { 'x-middleware-subrequest': 'proxy:proxy:proxy:proxy:proxy' } },
    { path: '/patients/PL-01-005', headers: { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' } },
    { path: '/patients/PL-01-005', headers: { rsc: '1' } },
    { path: '/patients/PL-01-005', headers: { rsc: '1', 'next-router-prefetch': '1' } },
    { path: '/patients/PL-01-005', headers: { rsc: '1', 'next-router-segment-prefetch': '/_tree' } },
    { path: '/patients/PL-01-005.rsc' },
    { path: '/patients/PL-01-005?_rsc=x' },
    { path: '/patients/PL-01-005/' },
    { path: '/patients/PL%2D01%2D005' },
    { path: '/patients/%2e%2e/patients/PL-01-005' },
  ];
  for (const client of [anon, other]) {
    for (const v of variants) {
      const res = await client.fetch(v.path, { headers: v.headers });
      const body = await res.text();
      expect(res.status, `${v.path} ${JSON.stringify(v.headers ?? {})}`).toBeLessThan(500);
      for (const canary of CANARIES) expect(body, `${v.path} ${JSON.stringify(v.headers ?? {})}`).not.toContain(canary);
    }
  }
  // The canary is real: the owning centre sees it.
  const owner = await as('investigatorPl01');
  expect(await (await owner.fetch('/patients/PL-01-005')).text()).toContain('Birth year');
});

test('check 10: the server refuses to start without its auth secret', async () => {
  // PORT + 39 (3249): clear of the e2e app (PORT), its SMTP (3218) and OpenID (3219) servers.
  const child = spawn(process.execPath, [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(PORT + 39)], {
    env: { ...process.env, NEXT_DIST_DIR: DIST, NEXTAUTH_SECRET: '', AUTH_SECRET: '', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(null); }, 30_000);
    child.on('exit', (c) => { clearTimeout(timer); resolve(c); });
  });
  expect(code, output).not.toBeNull();
  expect(code).not.toBe(0);
  expect(output).toContain('refusing to start');
});

test('check 11: cross-site, null and malformed Origins are refused with 403, never a 500', async () => {
  const admin = await as('admin');
  const [ref] = actions();
  if (!ref) throw new Error('no action');
  for (const origin of ['https://evil.example', 'null', '::::not a url', `http://localhost:${PORT}.evil.example`, 'file://', null]) {
    const r = await admin.action(ref, [{}], { origin });
    expect(r.status, `Origin ${origin}`).toBe(403);
    expect(r.body).toContain('Cross-site request refused');
  }
  const cross = await admin.action(ref, [{}], { headers: { 'sec-fetch-site': 'cross-site' } });
  expect(cross.status).toBe(403);
  // Same origin goes through to the action (which then applies its own checks).
  expect((await admin.action(ref, [{}])).status).toBe(200);
  // The login endpoint too.
  const res = await new NextClient(BASE).fetch('/api/auth/callback/credentials', {
    method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a&password=b',
  });
  expect(res.status).toBe(403);
});

test('check 11: the session cookie is HttpOnly and SameSite', async ({ page, context }) => {
  await login(page, demoUser('coordinator').email, demoUser('coordinator').password);
  const session = (await context.cookies()).find((c) => c.name.endsWith('next-auth.session-token'));
  expect(session).toBeDefined();
  expect(session?.httpOnly).toBe(true);
  expect(['Lax', 'Strict']).toContain(session?.sameSite);
  // Secure is set when NEXTAUTH_URL is https (production); this server runs on http://localhost.
});

test('check 13: hostile payloads get 4xx, never a crash; HTML in free text is rendered escaped', async ({ page }) => {
  const admin = await as('admin');
  const create = actions().find((a) => a.name === 'createCentreAction');
  expect(create, 'createCentreAction must be in the build').toBeDefined();
  if (!create) return;
  const hostile: [string, string, Record<string, string>?][] = [
    ['malformed JSON', '[{"code":'],
    ['not an argument list', '"hello"'],
    ['deep nesting', `[${'['.repeat(100_000)}${']'.repeat(100_000)}]`],
    ['deep object', `[${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}]`],
    ['oversized', JSON.stringify([{ code: 'XS-98', name: 'x'.repeat(64 * 1024 * 1024), city: 'c' }])],
    ['multipart junk', '--b\r\nContent-Disposition: form-data; name="0"\r\n\r\nnot json\r\n--b--', { 'content-type': 'multipart/form-data; boundary=b' }],
  ];
  for (const [name, rawBody, headers] of hostile) {
    const r = await admin.action(create, [], { rawBody, headers });
    expect(r.status, name).toBeGreaterThanOrEqual(400);
    expect(r.status, name).toBeLessThan(500);
    expect(r.body, name).not.toMatch(/at .*\.js:\d+/); // no stack trace
  }
  const proto = await admin.action(create, [], { rawBody: '[{"__proto__":{"role":"admin"},"constructor":{"prototype":{"x":1}},"code":"XS-97"}]' });
  expect(proto.status).toBeLessThan(500);
  // A long but legal body: the schema answers with field errors.
  const long = await admin.action(create, [{ code: 'XS-96', name: 'x'.repeat(2_000_000), city: 'c' }]);
  expect(resultCode(long)).toBe('invalid');
  // Script in free text: stored as text, shown as text (a new account's display name, listed on /admin/users).
  const createUser = actions().find((a) => a.name === 'createUserAction');
  if (!createUser) throw new Error('createUserAction not in this build');
  const evil = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><b>bold</b>';
  const created = await admin.action(createUser, [{
    email: `xss.${Date.now()}@test.cll-registry.org`, displayName: evil, role: 'coordinator', centreId: null, password: 'a long enough password',
  }]);
  expect(created.status).toBeLessThan(500);
  expect((created.result as { ok?: boolean } | undefined)?.ok, created.body.slice(0, 300)).toBe(true);
  await login(page, demoUser('admin').email, demoUser('admin').password);
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs++; void d.dismiss(); });
  const res = await page.goto('/admin/users');
  expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.getByText(evil)).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('b', { hasText: 'bold' }).count()).toBe(0);
  expect(dialogs).toBe(0);
  // The server is still up and answers normally.
  expect((await admin.fetch('/login')).status).toBeLessThan(400);
});

test('check 14: security headers; patient pages are not cached', async ({ page }) => {
  const anon = await new NextClient(BASE).fetch('/login');
  const h = anon.headers;
  expect(h.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect(h.get('content-security-policy')).toContain("object-src 'none'");
  expect(h.get('x-content-type-options')).toBe('nosniff');
  expect(h.get('x-frame-options')).toBe('DENY');
  await login(page, demoUser('investigatorPl01').email, demoUser('investigatorPl01').password);
  for (const p of ['/patients', '/patients/PL-01-005']) {
    const res = await page.goto(p);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['cache-control'], p).toContain('no-store');
    expect(res?.headers()['content-security-policy'], p).toContain("frame-ancestors 'none'");
    expect(res?.headers()['x-content-type-options'], p).toBe('nosniff');
  }
});

test('check 14: scripts run only with the response nonce; an injected inline handler does not', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  const res = await page.goto('/login');
  const csp = res?.headers()['content-security-policy'] ?? '';
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  // A fresh base64 nonce of at least 128 bits (lib/http/csp.ts).
  expect(nonce, csp).toMatch(/^[A-Za-z0-9+/_-]{22,}={0,2}$/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  // Next put the nonce on its own scripts, and the page hydrated (the form works client-side).
  const html = await res?.text() ?? '';
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  await login(page, demoUser('investigatorPl01').email, demoUser('investigatorPl01').password);
  await page.goto('/patients/PL-01-005');
  // What an XSS would try: markup with an inline event handler reaching the DOM.
  await page.evaluate(() => {
    const w = window as unknown as { __injected?: number };
    w.__injected = 0;
    document.body.insertAdjacentHTML('beforeend', '<img src="/no-such-image.png" onerror="window.__injected = 1">');
  });
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBe(0);
  expect(violations.some((v) => /inline event handler|script-src/i.test(v))).toBe(true);
  expect(violations.filter((v) => !/inline event handler/i.test(v))).toEqual([]);
});
