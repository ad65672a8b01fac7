/**
 * E-mail end to end (issue 13): the app sends through SMTP to the test server of scripts/e2e-smtp.ts,
 * which writes every mail it receives into a folder read here; links are opened from the mails.
 * Data created here: one invited investigator of PL-01 (whose password is then reset) and one data
 * query on PL-01-003's baseline form.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { loginAs, logout, login } from './helpers';

const MAIL_DIR = path.resolve(process.env.E2E_MAIL_DIR ?? `${process.env.E2E_DATA_DIR ?? path.join('.data', 'e2e')}-mail`);
const INVITED = 'invited.e2e@example.org';
const PATIENT = 'PL-01-003';

interface Mail { file: string; to: string; subject: string; text: string }

function readMails(): Mail[] {
  if (!fs.existsSync(MAIL_DIR)) return [];
  return fs.readdirSync(MAIL_DIR).filter((f) => f.endsWith('.json')).sort()
    .map((file) => ({ file, ...(JSON.parse(fs.readFileSync(path.join(MAIL_DIR, file), 'utf8')) as Omit<Mail, 'file'>) }));
}

/** The first mail to `to` with a matching subject that `seen` does not hold yet (the worker polls every second). */
async function waitForMail(to: string, subject: RegExp, seen: Set<string>): Promise<Mail> {
  let found: Mail | undefined;
  await expect.poll(() => {
    found = readMails().find((m) => m.to.includes(to) && subject.test(m.subject) && !seen.has(m.file));
    return found !== undefined;
  }, { timeout: 30_000, intervals: [250] }).toBe(true);
  if (!found) throw new Error('unreachable');
  seen.add(found.file);
  return found;
}

function linkIn(mail: Mail, baseURL: string | undefined): string {
  const m = /(https?:\/\/\S+\/password\/set\?token=[A-Za-z0-9_-]{43})/.exec(mail.text);
  if (!m?.[1]) throw new Error(`no link in:\n${mail.text}`);
  expect(m[1].startsWith(`${baseURL ?? ''}/`)).toBe(true);
  return m[1];
}

async function setPasswordFromLink(page: Page, link: string, password: string) {
  await page.goto(link);
  await expect(page.getByText(INVITED)).toBeVisible();
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Repeat the new password').fill(password);
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByRole('status')).toContainText('Your password is set.');
}

const seen = new Set<string>();

test.describe.serial('e-mail', () => {
  test('an invitation is accepted from the received e-mail: set a password, log in', async ({ page, baseURL }) => {
    await loginAs(page, 'admin');
    await page.goto('/admin/users/new');
    await expect(page.getByRole('button', { name: 'Create account' })).toBeEnabled();
    await page.getByLabel('Email', { exact: true }).fill(INVITED);
    await page.getByLabel('Display name', { exact: true }).fill('Invited Investigator');
    await page.getByLabel('Role', { exact: true }).selectOption('investigator');
    const value = await page.locator('#user-centre option', { hasText: /^PL-01 ·/ }).getAttribute('value');
    await page.locator('#user-centre').selectOption(value ?? '');
    // Invitation is the default: the admin never types (or sees) a password.
    await expect(page.getByLabel('Initial password', { exact: true })).toHaveCount(0);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'An invitation to choose a password was e-mailed' })).toBeVisible();
    await logout(page);

    const mail = await waitForMail(INVITED, /^Your CLL Registry account$/, seen);
    expect(mail.text).toContain('expires in 72 hours');
    const link = linkIn(mail, baseURL);
    await setPasswordFromLink(page, link, 'invited own password');
    await login(page, INVITED, 'invited own password');
    await logout(page);
    // The link worked once.
    await page.goto(link);
    await expect(page.getByText('This link is not valid any more')).toBeVisible();
  });

  test('a password reset from the login page: same answer for an unknown e-mail, link from the mail, log in', async ({ page, baseURL }) => {
    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    // The login form has an Email field too: fill only once the reset page has replaced it.
    await expect(page.getByRole('heading', { name: 'Forgot password' })).toBeVisible();
    await page.getByLabel('Email').fill('nobody.e2e@example.org');
    await page.getByRole('button', { name: 'Send me a link' }).click();
    const answer = await page.getByRole('status').textContent();
    expect(answer).toContain('If an active account uses this e-mail address');

    await page.goto('/password/forgot');
    await page.getByLabel('Email').fill(INVITED.toUpperCase());
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await expect(page.getByRole('status')).toHaveText(answer ?? '');

    const mail = await waitForMail(INVITED, /reset your password/, seen);
    expect(mail.text).toContain('30 minutes');
    await setPasswordFromLink(page, linkIn(mail, baseURL), 'reset via the mail');
    await page.goto('/login');
    await page.getByLabel('Email').fill(INVITED);
    await page.getByLabel('Password').fill('invited own password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByText('Wrong email or password.')).toBeVisible();
    await login(page, INVITED, 'reset via the mail');
    await logout(page);
    // No mail was sent for the unknown address.
    expect(readMails().some((m) => m.to.includes('nobody.e2e@example.org'))).toBe(false);
  });

  test("a query notice reaches the centre's investigator, names only the pseudonym, and its link opens the patient", async ({ page }) => {
    await loginAs(page, 'coordinator');
    await page.goto(`/patients/${PATIENT}/baseline`);
    await page.getByLabel('Field').selectOption('ecog');
    await page.getByLabel('Question').fill('E2E notice: ECOG 3 on the source note?');
    await page.getByRole('button', { name: 'Raise query' }).click();
    await expect(page.getByText('Query raised.')).toBeVisible();
    await logout(page);

    const mail = await waitForMail('investigator.pl01@demo.cll-registry.org', new RegExp(`data query on patient ${PATIENT}$`), seen);
    expect(mail.text).not.toContain('ECOG 3');
    const link = /(https?:\/\/\S+\/patients\/PL-01-003)\b/.exec(mail.text)?.[1];
    expect(link).toMatch(/^https?:\/\/[^/\s]+\/patients\/PL-01-003$/);
    // The invited investigator of PL-01 is told too; PL-02's investigator is not.
    await waitForMail(INVITED, new RegExp(`data query on patient ${PATIENT}$`), seen);
    expect(readMails().some((m) => m.to.includes('investigator.pl02') && m.subject.includes(PATIENT))).toBe(false);

    await loginAs(page, 'investigatorPl01');
    await page.goto(link ?? '/');
    await expect(page.getByRole('heading', { name: new RegExp(PATIENT) })).toBeVisible();
  });
});
