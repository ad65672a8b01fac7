import { expect, type Page } from '@playwright/test';
import { DEMO_USERS } from '../db/seed/demo-users';

export { DEMO_USERS };
export type DemoRole = 'admin' | 'coordinator' | 'investigatorPl01' | 'investigatorPl02';

const byRole: Record<DemoRole, (typeof DEMO_USERS)[number]> = {
  admin: find('admin@demo.cll-registry.org'),
  coordinator: find('coordinator@demo.cll-registry.org'),
  investigatorPl01: find('investigator.pl01@demo.cll-registry.org'),
  investigatorPl02: find('investigator.pl02@demo.cll-registry.org'),
};

function find(email: string) {
  const u = DEMO_USERS.find((x) => x.email === email);
  if (!u) throw new Error(`demo user ${email} missing`);
  return u;
}

export function demoUser(role: DemoRole) { return byRole[role]; }

/** Logs in through the login form and waits for the patients page. */
export async function login(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/patients/);
}

export async function loginAs(page: Page, role: DemoRole): Promise<void> {
  const u = byRole[role];
  await login(page, u.email, u.password);
}

export async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login/);
}
