import { expect, test } from '@playwright/test';
import { demoUser, login, loginAs, logout } from './helpers';

// Throttling and deactivation are in e2e/admin.spec.ts: they need an account made for the test.

test('each role logs in and sees what its role allows', async ({ page }) => {
  await loginAs(page, 'admin');
  await expect(page.getByTestId('current-user')).toContainText('admin');
  await expect(page.getByRole('link', { name: 'Users' })).toBeVisible();
  await logout(page);

  await loginAs(page, 'coordinator');
  await expect(page.getByTestId('current-user')).toContainText('coordinator');
  // Other specs may add patients: the demo's 165 are the floor.
  expect(Number((await page.getByTestId('patient-count').textContent())?.split(' ')[0])).toBeGreaterThanOrEqual(165);
  await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await logout(page);

  await loginAs(page, 'investigatorPl02');
  await expect(page.getByTestId('current-user')).toContainText('PL-02');
  const pl02 = await page.locator('tbody tr td:first-child').allTextContents();
  expect(pl02.length).toBeGreaterThanOrEqual(31);
  for (const id of pl02) expect(id).toMatch(/^PL-02-/);
});

test('the main nav marks the section the user is in, also after client-side navigation', async ({ page }) => {
  await loginAs(page, 'coordinator');
  const nav = page.getByRole('navigation', { name: 'Main' });
  const patientsLink = nav.getByRole('link', { name: 'Patients', exact: true });
  const dashboardsLink = nav.getByRole('link', { name: 'Dashboards', exact: true });
  await expect(patientsLink).toHaveAttribute('aria-current', 'page');
  await expect(dashboardsLink).not.toHaveAttribute('aria-current', /.*/);
  await dashboardsLink.click();
  await expect(page).toHaveURL(/\/dashboard/);
  await expect(dashboardsLink).toHaveAttribute('aria-current', 'page');
  await expect(patientsLink).not.toHaveAttribute('aria-current', /.*/);
  await page.goto('/patients/PL-01-030/baseline');
  await expect(patientsLink).toHaveAttribute('aria-current', 'page');
  await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);
});

test('the PL-01 investigator sees only PL-01 and gets "not found" for a PL-02 patient', async ({ page }) => {
  await loginAs(page, 'investigatorPl01');
  const ids = await page.locator('tbody tr td:first-child').allTextContents();
  // The demo's 38 PL-01 patients, plus any a CRF spec registered: never another centre's.
  expect(ids.length).toBeGreaterThanOrEqual(38);
  await expect(page.getByTestId('patient-count')).toHaveText(`${ids.length} patients`);
  for (const id of ids) expect(id).toMatch(/^PL-01-/);
  await page.goto('/patients/PL-01-005');
  await expect(page.getByRole('heading', { name: 'Patient PL-01-005' })).toBeVisible();
  const res = await page.goto('/patients/PL-02-001');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expect(page.locator('body')).not.toContainText('PL-02-001 ·');
});

test('the patients list filters and sorts by GET parameters, says what it ignored, and keeps the scope', async ({ page }) => {
  await loginAs(page, 'coordinator');
  await page.goto('/patients');
  await page.getByLabel('Vital status').selectOption('dead');
  await page.getByLabel('Sort by').selectOption('queries');
  await page.getByLabel('Order').selectOption('desc');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/[?&]vital=dead&.*sort=queries&dir=desc/);
  const vital = await page.locator('tbody tr td:nth-child(7)').allTextContents();
  expect(vital.length).toBeGreaterThan(0);
  for (const v of vital) expect(v).toBe('dead');
  const open = (await page.locator('tbody tr td:nth-child(8)').allTextContents()).map((t) => Number.parseInt(t, 10) || 0);
  expect(open).toEqual([...open].sort((a, b) => b - a));
  await expect(page.getByTestId('list-notices')).toHaveCount(0);
  // A bad value in a shared link is ignored, and the page says so.
  await page.goto('/patients?vital=dead&status=deleted&sort=age');
  await expect(page.getByTestId('list-notices')).toContainText('record status "deleted" ignored');
  await expect(page.getByTestId('list-notices')).toContainText('sort "age" ignored');
  await expect(page.getByLabel('Vital status')).toHaveValue('dead');
  await page.getByRole('link', { name: 'Reset' }).click();
  await expect(page).toHaveURL(/\/patients$/);
  await logout(page);

  await loginAs(page, 'investigatorPl01');
  await page.goto('/patients?centre=PL-02&sort=centre&dir=desc');
  await expect(page.getByTestId('list-notices')).toContainText('Centre PL-02 is outside your centre');
  const ids = await page.locator('tbody tr td:first-child').allTextContents();
  expect(ids.length).toBeGreaterThan(0);
  for (const id of ids) expect(id).toMatch(/^PL-01-/);
});

test('a page behind login sends an anonymous visitor to the login page', async ({ page }) => {
  await page.goto('/patients/PL-01-005');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.locator('body')).not.toContainText('PL-01-005');
});

test('logging out makes the old session cookie useless', async ({ page, context }) => {
  await login(page, demoUser('coordinator').email, demoUser('coordinator').password);
  const cookies = await context.cookies();
  await logout(page);
  await context.addCookies(cookies);
  await page.goto('/patients');
  await expect(page).toHaveURL(/\/login/);
});

test('a deep link survives the login: back to the page asked for, never to another site', async ({ page }) => {
  await page.goto('/dashboard/survival?group=sex');
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard%2Fsurvival%3Fgroup%3Dsex$/);
  const u = demoUser('coordinator');
  await page.getByLabel('Email').fill(u.email);
  await page.getByLabel('Password').fill(u.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/dashboard\/survival\?group=sex$/);
  await logout(page);

  // An absolute or protocol-relative callbackUrl is ignored: the default page, not the other site.
  for (const bad of ['https://evil.example/', '//evil.example/', '/\\evil.example/']) {
    await page.goto(`/login?callbackUrl=${encodeURIComponent(bad)}`);
    await page.getByLabel('Email').fill(u.email);
    await page.getByLabel('Password').fill(u.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/patients$/);
    await logout(page);
  }
});

test('the app has an icon: no 404 for it on a first page load', async ({ page }) => {
  const missing: string[] = [];
  page.on('response', (r) => { if (r.status() === 404) missing.push(r.url()); });
  await page.goto('/login');
  const href = await page.locator('link[rel="icon"]').first().getAttribute('href');
  expect(href).toMatch(/^\/icon\.svg(\?|$)/);
  const icon = await page.request.get(href ?? '');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/svg+xml');
  await page.waitForLoadState('networkidle');
  expect(missing).toEqual([]);
});
