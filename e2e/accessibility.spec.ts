import { expect, test, type Page } from '@playwright/test';
import { checkCurrentPage } from './axe';
import { demoUser, loginAs } from './helpers';

/**
 * Accessibility (issue 16): every main page passes axe-core's WCAG 2.0/2.1 A and AA rules with no
 * serious or critical violation, as investigator, coordinator and admin (and anonymous on the login
 * pages), at a clinic desktop and on a phone (keyboard use: e2e/keyboard.spec.ts). Violations are
 * soft assertions (e2e/axe.ts): one run names every page at fault, each with its rule, the elements
 * (CSS selectors) and the rule's help page.
 *
 * Tests run in file order (one worker), not serial: a failure in one does not skip the others.
 * Data: the coordinator signs and locks PL-01-012's complete Response form (as
 * e2e/defects-layout.spec.ts does, idempotently) so a read-only form is checked; nothing else changes.
 */
test.use({ viewport: { width: 1366, height: 900 } });

const CUTOFF = 'cutoff=2017-06-30';
/** Every CRF filled, discontinued, a subsequent therapy, dead. */
const PATIENT = 'PL-01-030';
/** Discontinued for an adverse event: the CTCAE picker with a term and its grades. */
const AE_PATIENT = 'PL-01-006';
/** Its Response form is signed and locked below: the read-only form. */
const LOCKED = 'PL-01-012';
const CRF_PAGES = ['baseline', 'response', 'discontinuation', 'therapies', 'follow-up'];

const DASHBOARDS = [
  `/dashboard?${CUTOFF}`, `/dashboard/tables?${CUTOFF}`, `/dashboard/survival?${CUTOFF}&preset=fig2`,
  `/dashboard/competing-risks?${CUTOFF}`,
];
/** Pages every signed-in role sees, checked for the investigator and the coordinator (whose lists hold every centre). */
const COMMON = ['/patients', `/patients/${PATIENT}`, `/patients/${LOCKED}/response`, '/patients/checks', '/data', '/account'];

/** Runs axe on the page at `path`; every serious or critical violation is a (soft) failure, described. */
async function expectAccessible(page: Page, path: string, who: string, status = 200): Promise<void> {
  const res = await page.goto(path);
  expect(res?.status(), `${path} answered`).toBe(status);
  await checkCurrentPage(page, `${who} ${path}`);
}

test('anonymous: login and password pages', async ({ page }) => {
  for (const path of ['/login', '/password/forgot', '/login/sso-refused']) await expectAccessible(page, path, 'anonymous');
  // A failed login's message is part of the page too.
  await page.goto('/login');
  await page.getByLabel('Email').fill('nobody@example.org');
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert').first()).toBeVisible();
  await checkCurrentPage(page, 'anonymous /login after a failed login');
});

test('coordinator: all centres, audit trail, a signed and locked form', async ({ page }) => {
  await loginAs(page, 'coordinator');
  await page.goto(`/patients/${LOCKED}/response`);
  const status = page.getByTestId('workflow-status');
  if ((await status.textContent())?.trim() === 'complete') {
    await page.getByRole('button', { name: 'Verify (source data verified)' }).click();
    await expect(status).toHaveText('verified');
  }
  if ((await status.textContent())?.trim() === 'verified') {
    await page.getByLabel('Your password (to sign)').fill(demoUser('coordinator').password);
    await page.getByRole('button', { name: 'Sign and lock' }).click();
    await expect(status).toHaveText('locked');
  }
  for (const path of [...COMMON, ...DASHBOARDS, `/dashboard/tables?${CUTOFF}&population=all`, '/audit', '/account/two-factor', '/api-docs']) {
    await expectAccessible(page, path, 'coordinator');
  }
});

test('investigator: own centre, every CRF form, a locked form, new patient', async ({ page }) => {
  await loginAs(page, 'investigatorPl01');
  const paths = [...COMMON, ...CRF_PAGES.map((f) => `/patients/${PATIENT}/${f}`), `/patients/${AE_PATIENT}/discontinuation`,
    `/dashboard?${CUTOFF}`, '/patients/new'];
  for (const path of paths) await expectAccessible(page, path, 'investigator');
  // A form with its errors shown: the error summary and the invalid fields.
  await page.goto('/patients/new');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.getByRole('alert').first()).toBeVisible();
  await checkCurrentPage(page, 'investigator /patients/new with errors');
});

test('admin: users, centres, API tokens, the error screen', async ({ page }) => {
  await loginAs(page, 'admin');
  const paths = ['/patients', '/audit', '/admin/users', '/admin/users/new', '/admin/centres', '/admin/api-tokens'];
  for (const path of paths) await expectAccessible(page, path, 'admin');
  // The error screen (this page fails on purpose) is a page people read too.
  await expectAccessible(page, '/admin/error-check', 'admin', 500);
  await page.goto('/admin/users');
  const userHref = await page.getByRole('link', { name: 'Manage coordinator@demo.cll-registry.org' }).getAttribute('href');
  await page.goto('/admin/centres');
  const centreHref = await page.getByRole('link', { name: 'Manage centre PL-01' }).getAttribute('href');
  for (const path of [userHref, centreHref]) if (path) await expectAccessible(page, path, 'admin');
});

test('phone (390 px): the pages whose layout changes', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page, '/login', 'phone, anonymous');
  await loginAs(page, 'investigatorPl01');
  // Where tables and plots scroll inside their box (axe checks a scrolling box can be reached by keyboard).
  for (const path of ['/patients', `/patients/${PATIENT}`, `/patients/${AE_PATIENT}/discontinuation`,
    `/dashboard/survival?${CUTOFF}&preset=fig2`, `/dashboard/tables?${CUTOFF}`]) {
    await expectAccessible(page, path, 'phone, investigator');
  }
});
