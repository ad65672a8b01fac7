import { expect, test, type Page } from '@playwright/test';
import { decode } from 'next-auth/jwt';
import { loginAs, logout } from './helpers';

/** NEXTAUTH_SECRET of scripts/e2e-server.ts. */
const E2E_AUTH_SECRET = 'e2e-secret-not-for-production-0123456789';

/**
 * Hospital single sign-on against a real OpenID Connect provider (scripts/e2e-oidc-provider.ts,
 * started by Playwright; the e2e server's OIDC_* point at it). The hospital user names and their
 * e-mails are that script's account store.
 */
async function signInAtHospital(page: Page, hospitalUser: string, from = '/login'): Promise<void> {
  await page.goto(from);
  await page.getByRole('button', { name: 'Sign in with Szpital Kliniczny' }).click();
  // The provider's own login page, on its own origin.
  await expect(page).toHaveURL(/localhost:\d+\/interaction\//);
  await page.getByLabel('Hospital user name').fill(hospitalUser);
  await page.getByRole('button', { name: 'Sign in at the hospital' }).click();
}

test('an SSO login through the hospital provider lands logged in as the matched account, back on the page asked for', async ({ page }) => {
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard/);
  await signInAtHospital(page, 'h.coordinator', page.url());
  await expect(page).toHaveURL(/\/dashboard$/);
  // Role and centre are the registry's (the demo coordinator), not the IdP's.
  await expect(page.getByTestId('current-user')).toContainText('coordinator');
  // The session cookie carries our session id only: no IdP subject, name or e-mail (next-auth's
  // default token would hold the subject as `sub`). Decrypted with the e2e server's fixed secret.
  const cookie = (await page.context().cookies()).find((c) => c.name === 'next-auth.session-token');
  const token = await decode({ token: cookie?.value, secret: E2E_AUTH_SECRET });
  expect(Object.keys(token ?? {}).filter((k) => !['iat', 'exp', 'jti'].includes(k))).toEqual(['sid']);
  const session = await (await page.request.get('/api/auth/session')).json() as Record<string, unknown>;
  expect(Object.keys(session).sort()).toEqual(['expires', 'sid']);
  await logout(page);
  await page.goto('/patients');
  await expect(page).toHaveURL(/\/login/);
});

test('an unknown hospital identity and an unverified e-mail see the refusal page, are not logged in, and are audited', async ({ page }) => {
  await signInAtHospital(page, 'h.stranger');
  await expect(page).toHaveURL(/\/login\/sso-refused\?reason=unknown_account/);
  await expect(page.getByRole('heading', { name: 'You are not logged in' })).toBeVisible();
  await expect(page.locator('p[role="alert"]')).toContainText('no active registry account');
  await expect(page.getByText('contact them')).toBeVisible();
  await page.goto('/patients');
  await expect(page).toHaveURL(/\/login/);

  // The PL-01 investigator's address, but the hospital never confirmed it: no session either. (A new
  // browser session: the provider would otherwise sign the stranger in again without asking.)
  await page.context().clearCookies();
  await signInAtHospital(page, 'h.unverified');
  await expect(page).toHaveURL(/\/login\/sso-refused\?reason=unverified_email/);
  await page.goto('/patients');
  await expect(page).toHaveURL(/\/login/);

  await loginAs(page, 'admin');
  await page.goto('/audit?action=sso_login_refused');
  const rows = page.getByTestId('audit-table').locator('tbody tr');
  await expect(rows.filter({ hasText: 'stranger@szpital.example' }).first()).toBeVisible();
  await expect(rows.filter({ hasText: 'investigator.pl01@demo.cll-registry.org' }).first()).toBeVisible();
});

test('a forged or failed return from the hospital (no matching state/PKCE cookies) ends on the refusal page, not logged in', async ({ page }) => {
  await page.goto('/api/auth/callback/hospital?code=forged&state=forged');
  await expect(page).toHaveURL(/\/login\/sso-refused\?error=/);
  await expect(page.locator('p[role="alert"]')).toContainText('did not complete');
  await page.goto('/patients');
  await expect(page).toHaveURL(/\/login/);
});
