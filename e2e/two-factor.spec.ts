import { randomBytes } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { loginAs, logout } from './helpers';

/**
 * Two-factor login (issue 13) end to end: enrolment from the account page (QR code and secret,
 * first code, recovery codes), a login held at the code step until a TOTP code computed here from
 * the secret, a recovery code that works once, and an admin reset that ends the user's session.
 * The e2e server runs in demo mode (second factor optional), so the spec enrols an account of its
 * own and the demo logins of the other specs stay password-only.
 */
const PASSWORD = 'two-factor e2e password';

/** The code the authenticator app would show `offsetSteps` time steps from now. */
function codeFor(secret: string, offsetSteps = 0): string {
  const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
  return totp.generate({ timestamp: Date.now() + offsetSteps * 30_000 });
}

async function passwordStep(page: Page, email: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
}

async function codeStep(page: Page, code: string) {
  await expect(page).toHaveURL(/\/login\/two-factor/);
  await expect(page.getByRole('button', { name: 'Continue' })).toBeEnabled();
  await page.getByLabel(/Code from your authenticator app/).fill(code);
  await page.getByRole('button', { name: 'Continue' }).click();
}

async function createCoordinator(browser: Browser, email: string): Promise<{ adminPage: Page; id: number }> {
  const adminPage = await (await browser.newContext()).newPage();
  await loginAs(adminPage, 'admin');
  await adminPage.goto('/admin/users/new');
  await expect(adminPage.getByRole('button', { name: 'Create account' })).toBeEnabled();
  await adminPage.getByLabel('Email', { exact: true }).fill(email);
  await adminPage.getByLabel('Display name', { exact: true }).fill('Two Factor');
  await adminPage.getByLabel('Role', { exact: true }).selectOption('coordinator');
  await adminPage.getByLabel('Set an initial password').check();
  await adminPage.getByLabel('Initial password', { exact: true }).fill(PASSWORD);
  await adminPage.getByRole('button', { name: 'Create account' }).click();
  await expect(adminPage.getByTestId('account-email')).toHaveText(email);
  return { adminPage, id: Number(new URL(adminPage.url()).pathname.split('/').pop()) };
}

test('enrolment, login with a TOTP code, a single-use recovery code, and an admin reset', async ({ browser }) => {
  test.setTimeout(120_000);
  const email = `twofa-${randomBytes(3).toString('hex')}@e2e.cll-registry.org`;
  const { adminPage, id } = await createCoordinator(browser, email);

  // Enrolment from the user's own account page.
  const page = await (await browser.newContext()).newPage();
  await passwordStep(page, email);
  await expect(page).toHaveURL(/\/patients/);
  await page.getByRole('link', { name: 'Two Factor' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId('two-factor-status')).toContainText('Off.');
  await page.getByRole('link', { name: 'Set up two-factor login' }).click();
  await page.getByRole('button', { name: 'Set up two-factor login' }).click();
  const secret = (await page.getByTestId('totp-secret').textContent()) ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  expect(await page.getByTestId('totp-qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
  // The QR image loads under the page's CSP (img-src allows data:).
  expect(await page.getByTestId('totp-qr').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await page.getByLabel('The 6-digit code the app shows now').fill(codeFor(secret));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByTestId('recovery-codes').locator('code')).toHaveCount(10);
  const codes = await page.getByTestId('recovery-codes').locator('code').allTextContents();
  await page.getByRole('button', { name: /I have saved them/ }).click();
  await expect(page.getByTestId('two-factor-status')).toContainText('On since');
  await logout(page);

  // Password alone is not a login: other pages send the session back to the code step.
  await passwordStep(page, email);
  await expect(page).toHaveURL(/\/login\/two-factor/);
  await page.goto('/audit');
  await expect(page).toHaveURL(/\/login\/two-factor\?callbackUrl=%2Faudit/);
  await codeStep(page, '000000' === codeFor(secret, 1) ? '111111' : '000000');
  await expect(page.locator('#main').getByRole('alert')).toHaveText('Wrong or already used code.');
  // The enrolment used the current step; the next one (inside the ±1 window) logs in.
  await page.getByLabel(/Code from your authenticator app/).fill(codeFor(secret, 1));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/audit/);
  await expect(page.getByTestId('current-user')).toContainText('Two Factor');
  await logout(page);

  // A recovery code works once.
  const recovery = codes[0] ?? '';
  await passwordStep(page, email);
  await codeStep(page, recovery);
  await expect(page).toHaveURL(/\/patients/);
  await logout(page);
  await passwordStep(page, email);
  await codeStep(page, recovery);
  await expect(page.locator('#main').getByRole('alert')).toHaveText('Wrong or already used code.');
  await codeStep(page, codes[1] ?? '');
  await expect(page).toHaveURL(/\/patients/);
  await page.goto('/account');
  await expect(page.getByTestId('two-factor-status')).toContainText('8 of 10 recovery codes left');

  // The admin resets the second factor: the user's open session ends; the next login is password-only.
  await adminPage.goto(`/admin/users/${id}`);
  await expect(adminPage.getByTestId('account-second-factor')).toHaveText('On.');
  adminPage.once('dialog', (d) => void d.accept());
  await adminPage.getByRole('button', { name: 'Reset second factor' }).click();
  await expect(adminPage.getByRole('status').filter({ hasText: 'Second factor reset' })).toBeVisible();
  await expect(adminPage.getByTestId('account-second-factor')).toHaveText('Off.');
  await page.goto('/patients');
  await expect(page).toHaveURL(/\/login/);
  await passwordStep(page, email);
  await expect(page).toHaveURL(/\/patients/);
  await page.goto('/account');
  await expect(page.getByTestId('two-factor-status')).toContainText('Off.');
});
