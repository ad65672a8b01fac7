import { randomBytes } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { login, loginAs, logout, type DemoRole } from './helpers';

/**
 * Admin pages end to end. Every account and centre made here is new (unique suffix), so the spec
 * can run in any order with the others on the shared demo database, and it never touches patients.
 */
const tag = () => randomBytes(3).toString('hex');

/** Waits until React has hydrated the form (its submit button starts disabled in the server HTML). */
async function formReady(page: Page, submit: string) {
  await expect(page.getByRole('button', { name: submit })).toBeEnabled();
}

/** Picks a centre by its code in a centre <select> (option labels read "PL-02 · Name"). */
async function selectCentre(page: Page, selectId: string, code: string) {
  const value = await page.locator(`#${selectId} option`, { hasText: new RegExp(`^${code} ·`) }).getAttribute('value');
  if (!value) throw new Error(`centre ${code} not offered`);
  await page.locator(`#${selectId}`).selectOption(value);
}

async function createAccount(page: Page, opts: { email: string; name: string; role: 'admin' | 'coordinator' | 'investigator'; centre?: string; password: string }) {
  await page.goto('/admin/users/new');
  await formReady(page, 'Create account');
  await page.getByLabel('Email', { exact: true }).fill(opts.email);
  await page.getByLabel('Display name', { exact: true }).fill(opts.name);
  await page.getByLabel('Role', { exact: true }).selectOption(opts.role);
  if (opts.centre) await selectCentre(page, 'user-centre', opts.centre);
  await page.getByLabel('Set an initial password').check();
  await page.getByLabel('Initial password', { exact: true }).fill(opts.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Account created' })).toBeVisible();
  await expect(page.getByTestId('account-email')).toHaveText(opts.email.toLowerCase());
  return Number(new URL(page.url()).pathname.split('/').pop());
}

async function freshPage(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

test('admin creates an investigator who can then log in and sees only their centre', async ({ page, browser }) => {
  const email = `E2E.Inv.${tag()}@Example.org`;
  await loginAs(page, 'admin');
  await createAccount(page, { email, name: 'E2E Investigator', role: 'investigator', centre: 'PL-02', password: 'e2e first password' });
  await page.goto('/admin/users');
  const row = page.getByTestId(`user-${email.toLowerCase()}`);
  await expect(row).toContainText('investigator');
  await expect(row).toContainText('PL-02');
  await expect(row).toContainText('never');

  const other = await freshPage(browser);
  await login(other.page, email, 'e2e first password');
  await expect(other.page.getByTestId('current-user')).toContainText('E2E Investigator · investigator · PL-02');
  await expect(other.page.getByTestId('patient-count')).toHaveText('31 patients');
  // Not an admin: the admin pages are refused.
  const refused = await other.page.goto('/admin/users');
  expect(refused?.status()).toBe(403);
  await expect(other.page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  await other.context.close();

  await page.reload();
  await expect(page.getByTestId(`user-${email.toLowerCase()}`)).toContainText('UTC');
});

test('the create form shows field errors next to the fields and refuses a taken email', async ({ page }) => {
  await loginAs(page, 'admin');
  await page.goto('/admin/users/new');
  await formReady(page, 'Create account');
  await page.getByLabel('Email', { exact: true }).fill('not-an-email');
  await page.getByLabel('Set an initial password').check();
  await page.getByLabel('Initial password', { exact: true }).fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByLabel('Email', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#user-email-error')).toHaveText('Enter a valid email address.');
  await expect(page.locator('#user-password-error')).toHaveText('Password must be at least 8 characters.');
  await expect(page.locator('#user-centre-error')).toHaveText('An investigator must belong to a centre.');

  // Server-side check: the demo coordinator's email, in another letter case.
  await page.getByLabel('Email', { exact: true }).fill('COORDINATOR@demo.cll-registry.org');
  await page.getByLabel('Display name', { exact: true }).fill('Duplicate');
  await page.getByLabel('Role', { exact: true }).selectOption('coordinator');
  await page.getByLabel('Initial password', { exact: true }).fill('long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('#user-email-error')).toHaveText('An account with this email already exists.');
  await expect(page).toHaveURL(/\/admin\/users\/new$/);
});

test('a deactivated user is logged out on their next request', async ({ page, browser }) => {
  const email = `e2e.coord.${tag()}@example.org`;
  await loginAs(page, 'admin');
  const id = await createAccount(page, { email, name: 'E2E Coordinator', role: 'coordinator', password: 'coordinator pass 1' });

  const victim = await freshPage(browser);
  await login(victim.page, email, 'coordinator pass 1');
  await expect(victim.page.getByTestId('current-user')).toContainText('E2E Coordinator');

  await page.goto(`/admin/users/${id}`);
  await page.getByRole('button', { name: 'Deactivate' }).click();
  await page.getByRole('button', { name: 'Yes, deactivate' }).click();
  await expect(page.getByTestId('account-status')).toHaveText('inactive');

  for (const path of ['/patients', '/patients/PL-01-005', '/']) {
    await victim.page.goto(path);
    await expect(victim.page).toHaveURL(/\/login/);
  }
  await expect(victim.page.locator('body')).not.toContainText('E2E Coordinator');
  // And cannot log in again: with the right password the owner is told why (issue 16, defect 9).
  await victim.page.getByLabel('Email', { exact: true }).fill(email);
  await victim.page.getByLabel('Password', { exact: true }).fill('coordinator pass 1');
  await victim.page.getByRole('button', { name: 'Log in' }).click();
  await expect(victim.page.locator('form [role=alert]')).toHaveText('This account has been deactivated. Ask your registry administrator to reactivate it.');
  await victim.context.close();

  await page.getByRole('button', { name: 'Reactivate' }).click();
  await page.getByRole('button', { name: 'Yes, reactivate' }).click();
  await expect(page.getByTestId('account-status')).toHaveText('active');
});

test('wrong passwords for a new account are refused, and after 5 failures even the right one is', async ({ page, browser }) => {
  const email = `e2e.throttle.${tag()}@example.org`;
  await loginAs(page, 'admin');
  await createAccount(page, { email, name: 'E2E Throttle', role: 'coordinator', password: 'the right password' });

  const { context, page: p } = await freshPage(browser);
  await p.goto('/login');
  for (let i = 1; i <= 5; i++) {
    await p.getByLabel('Email', { exact: true }).fill(email);
    await p.getByLabel('Password', { exact: true }).fill(`wrong password ${i}`);
    await p.getByRole('button', { name: 'Log in' }).click();
    await expect(p.locator('form [role=alert]')).toHaveText('Wrong email or password.');
    await expect(p.getByRole('button', { name: 'Log in' })).toBeEnabled();
  }
  await p.getByLabel('Email', { exact: true }).fill(email);
  await p.getByLabel('Password', { exact: true }).fill('the right password');
  await p.getByRole('button', { name: 'Log in' }).click();
  await expect(p.locator('form [role=alert]')).toContainText('Too many failed attempts');
  await expect(p).toHaveURL(/\/login/);
  await context.close();
});

test('admin resets a password: the old one stops working, the new one works, open sessions end', async ({ page, browser }) => {
  const email = `e2e.reset.${tag()}@example.org`;
  await loginAs(page, 'admin');
  const id = await createAccount(page, { email, name: 'E2E Reset', role: 'coordinator', password: 'old password 123' });
  const other = await freshPage(browser);
  await login(other.page, email, 'old password 123');

  await page.goto(`/admin/users/${id}`);
  await formReady(page, 'Set new password');
  await page.getByLabel('New password', { exact: true }).fill('new password 456');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Password changed' })).toBeVisible();

  await other.page.goto('/patients');
  await expect(other.page).toHaveURL(/\/login/);
  await login(other.page, email, 'new password 456');
  await other.context.close();
});

// The last-admin rule is covered by the integration tests: trying it here would risk deactivating
// the demo admin that the other specs log in as.
test('admin moves a coordinator to investigator of a centre; the new rights apply at the next login', async ({ page, browser }) => {
  const email = `e2e.role.${tag()}@example.org`;
  await loginAs(page, 'admin');
  const id = await createAccount(page, { email, name: 'E2E Role', role: 'coordinator', password: 'role password 1' });
  await page.goto(`/admin/users/${id}`);
  await formReady(page, 'Save role');
  await page.getByLabel('Role', { exact: true }).selectOption('investigator');
  await expect(page.getByLabel('Centre', { exact: true })).toBeEnabled();
  await selectCentre(page, 'centre', 'PL-01');
  await page.getByRole('button', { name: 'Save role' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Role saved' })).toBeVisible();
  await expect(page.getByTestId('account-role')).toHaveText('investigator');

  const other = await freshPage(browser);
  await login(other.page, email, 'role password 1');
  await expect(other.page.getByTestId('current-user')).toContainText('investigator · PL-01');
  await expect(other.page.getByTestId('patient-count')).toHaveText('38 patients');
  await other.context.close();
});

test('admin creates a centre, edits it, deactivates and reactivates it', async ({ page }) => {
  // XE-nn: a country prefix the demo cohort (PL-01 … PL-08) never uses.
  const code = `XE-${String(10 + Math.floor(Math.random() * 90))}`;
  await loginAs(page, 'admin');
  await page.goto('/admin/centres');
  await formReady(page, 'Create centre');
  // The demo cohort: 38 patients in PL-01, 31 in PL-02 (column 6 is the patient count).
  await expect(page.getByTestId('centre-PL-01').locator('td').nth(5)).toHaveText('38');
  await expect(page.getByTestId('centre-PL-02').locator('td').nth(5)).toHaveText('31');
  await page.getByLabel('Code', { exact: true }).fill('bad');
  await page.getByRole('button', { name: 'Create centre' }).click();
  await expect(page.locator('#centre-code-error')).toContainText('two capital letters');

  await page.getByLabel('Code', { exact: true }).fill(code);
  await page.getByLabel('Name', { exact: true }).fill('E2E Centre');
  await page.getByLabel('City', { exact: true }).fill('Testowo');
  await page.getByRole('button', { name: 'Create centre' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Centre ${code} created.` })).toBeVisible();
  await expect(page.getByTestId(`centre-${code}`)).toContainText('E2E Centre');

  await page.getByRole('link', { name: `Manage centre ${code}` }).click();
  await expect(page.getByRole('heading', { name: `Centre ${code}` })).toBeVisible();
  await formReady(page, 'Save changes');
  await page.getByLabel('City', { exact: true }).fill('Nowe Testowo');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved (city changed).' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('City', { exact: true })).toHaveValue('Nowe Testowo');
  await page.getByRole('button', { name: 'Deactivate' }).click();
  await page.getByRole('button', { name: 'Yes, deactivate' }).click();
  await expect(page.getByTestId('centre-status')).toHaveText('inactive');
  await page.getByRole('button', { name: 'Reactivate' }).click();
  await page.getByRole('button', { name: 'Yes, reactivate' }).click();
  await expect(page.getByTestId('centre-status')).toHaveText('active');
});

test('a page the role may not open answers 403 "Not allowed" at the address asked for', async ({ page }) => {
  const refused: [DemoRole, string[]][] = [
    ['coordinator', ['/admin/users', '/admin/users/new', '/admin/centres', '/admin/users/1']],
    ['investigatorPl01', ['/admin/users', '/admin/centres/1', '/audit']],
    ['admin', ['/patients/new']],
  ];
  for (const [role, paths] of refused) {
    await loginAs(page, role);
    for (const path of paths) {
      const res = await page.goto(path);
      expect(res?.status(), `${role} ${path}`).toBe(403);
      await expect(page).toHaveURL(new RegExp(`${path}$`));
      // Only the refusal: no heading of the refused page.
      await expect(page.locator('h1')).toHaveText(['Not allowed']);
    }
    await logout(page);
  }
});

test('messages do not outlive what they report: a fixed centre code clears the error, "Account created" goes', async ({ page }) => {
  await loginAs(page, 'admin');
  await page.goto('/admin/centres');
  await formReady(page, 'Create centre');
  await page.getByLabel('Code', { exact: true }).fill('PL-01');
  await page.getByLabel('Name', { exact: true }).fill('Duplicate');
  await page.getByLabel('City', { exact: true }).fill('Nowhere');
  await page.getByRole('button', { name: 'Create centre' }).click();
  const form = page.getByRole('form', { name: 'New centre' });
  await expect(form).toContainText('already exists');
  await page.getByLabel('Code', { exact: true }).fill(`XE-${String(10 + Math.floor(Math.random() * 90))}`);
  await expect(form).not.toContainText('already exists');

  const id = await createAccount(page, { email: `e2e.flash.${tag()}@example.org`, name: 'E2E Flash', role: 'coordinator', password: 'flash password 1' });
  await expect(page.getByText('Account created')).toBeVisible();
  await formReady(page, 'Set new password');
  await page.getByLabel('New password', { exact: true }).fill('flash password 2');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Password changed' })).toBeVisible();
  await expect(page.getByText('Account created')).toHaveCount(0);
  await page.getByLabel('Role', { exact: true }).selectOption('admin');
  await page.getByRole('button', { name: 'Save role' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Role saved' })).toBeVisible();
  await expect(page.getByText('Account created')).toHaveCount(0);
  await page.reload();
  await expect(page.getByText('Account created')).toHaveCount(0);
  expect(page.url()).not.toContain('created=1');
  expect(id).toBeGreaterThan(0);
});
