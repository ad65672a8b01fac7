import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { loginAs } from './helpers';

/**
 * The Course dashboard for a coordinator: PFS figure, the AE rate table and a CSV download. The demo
 * course grows over time (richer seeds), so expectations come from the page itself: the categories
 * partition the events, the download equals the table on screen.
 */
const CUTOFF = 'cutoff=2017-06-30';

test('a coordinator opens the Course page, sees PFS and the AE rates, and downloads the rates as CSV', async ({ page }) => {
  await loginAs(page, 'coordinator');
  await page.goto(`/dashboard?${CUTOFF}`);
  await page.getByRole('navigation', { name: 'Dashboards' }).getByRole('link', { name: 'Course' }).click();
  await expect(page).toHaveURL(/\/dashboard\/course\?.*cutoff=2017-06-30/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Course · all centres');

  // PFS: a Kaplan–Meier figure and its summary; n of the summary is the population shown above.
  await expect(page.locator('#km-pfs')).toBeVisible();
  const population = await page.getByTestId('course-population').textContent();
  const n = Number(/n = (\d+)/.exec(population ?? '')?.[1]);
  expect(n).toBeGreaterThan(0);
  const pfsAll = page.getByTestId('table-pfs-summary').locator('tr[data-row="All"] td');
  await expect(pfsAll.nth(1)).toHaveText(String(n));
  const pfsEvents = Number(await pfsAll.nth(2).textContent());
  expect(pfsEvents).toBeGreaterThan(0);
  expect(pfsEvents).toBeLessThanOrEqual(n);

  // AE rates: one row per category and one for any event; the categories partition the events.
  const rates = page.getByTestId('table-ae-rates');
  await expect(rates).toBeVisible();
  const cells = async (key: string) => rates.locator(`tr[data-row="${key}"] td`).allTextContents();
  const any = await cells('any');
  expect(any[0]).toBe('Any grade ≥ 3 event');
  let sum = 0;
  for (const c of ['infection', 'arrhythmia', 'bleeding', 'cytopenia', 'hypertension', 'cardiac', 'other']) sum += Number((await cells(c))[1]);
  expect(sum).toBe(Number(any[1]));
  expect(any[4]).toMatch(/^\d+\.\d{2} \(\d+\.\d{2}–\d+\.\d{2}\)$/);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    rates.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('course-ae-rates-cutoff-2017-06-30.csv');
  const csv = fs.readFileSync(await download.path(), 'utf8');
  expect(csv).toContain('Grade ≥ 3 adverse events per 100 patient-years on ibrutinib');
  expect(csv).toContain(any.map((c) => (/[",]/.test(c) ? `"${c}"` : c)).join(','));
  expect(csv).toContain('Cut-off,2017-06-30');

  // For the review: the whole page (e2e/artifacts is gitignored).
  fs.mkdirSync(path.join(__dirname, 'artifacts'), { recursive: true });
  await page.screenshot({ path: path.join(__dirname, 'artifacts', 'course-page.png'), fullPage: true });
});

test('an investigator sees the Course page for their centre only', async ({ page }) => {
  await loginAs(page, 'investigatorPl01');
  await page.goto(`/dashboard/course?${CUTOFF}&centre=PL-02`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Course · centre PL-01');
  await expect(page.getByTestId('query-notices')).toContainText('PL-02');
});
