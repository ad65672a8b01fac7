import { expect, test, type Page } from '@playwright/test';
import { demoUser, loginAs, logout } from './helpers';

// All data here belongs to a NEW patient with dates after 2018-01-01, so the demo's published
// figures at cut-off 2017-06-30 are unchanged. Grade-3 lung infection with death from CLL
// progression: consistent with "grade 5 ⇔ death with that cause".
test.describe.configure({ mode: 'serial' });

let code = '';

async function save(page: Page, expected: RegExp) {
  await page.getByLabel('Mark the form complete').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('save-notice')).toHaveText(expected);
}

test('a PL-01 investigator registers a patient and completes all five forms', async ({ page }) => {
  await loginAs(page, 'investigatorPl01');
  await page.getByRole('link', { name: 'Register a patient' }).click();
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Choose the sex.' })).toBeVisible();
  await expect(page.getByLabel('Sex')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Sex').selectOption('female');
  await page.getByLabel('Year of birth').fill('1955');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page).toHaveURL(/\/patients\/PL-01-\d{3}\/baseline$/);
  code = /patients\/(PL-01-\d{3})\//.exec(page.url())?.[1] ?? '';
  expect(code).not.toBe('');

  // Baseline: errors are listed in an alert and next to the fields; age is derived, not typed.
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('Enter the date of ibrutinib start.');
  await page.getByLabel('Ibrutinib start date').fill('2018-02-10');
  await expect(page.getByTestId('age-at-start')).toHaveText('62 years');
  await page.getByLabel('ECOG performance status').selectOption('1');
  await page.getByLabel('Rai stage').selectOption('II');
  await page.getByLabel('del(17p) by FISH').selectOption('absent');
  await page.getByLabel('IGHV status').selectOption('unmutated');
  await page.getByLabel('Prior lines of therapy').fill('2');
  await page.getByLabel('Prior purine analogue').selectOption('true');
  await page.getByLabel('Prior anti-CD20').selectOption('true');
  await page.getByRole('checkbox', { name: /^a\) Deletion of the short arm of chromosome 17/ }).check();
  // Fields new in the data dictionary (issue 14): β2-microglobulin keeps at most 2 decimals.
  await page.getByLabel('β2-microglobulin (mg/L, optional)').fill('4.125');
  await page.getByLabel('TP53 mutation status').selectOption('unmutated');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('Use at most 2 decimal places.');
  await page.getByLabel('β2-microglobulin (mg/L, optional)').fill('4.1');
  // Corrected on leaving the field: the error list goes (and the controls below it move up) before the next click.
  await page.getByLabel('β2-microglobulin (mg/L, optional)').blur();
  await expect(page.getByTestId('error-summary')).toHaveCount(0);
  await save(page, /Saved \(version 1, complete\)/);

  // A missing-data code instead of a value: said, not guessed; never both.
  await page.getByRole('link', { name: 'Response' }).click();
  await page.getByLabel('Best response on ibrutinib (iwCLL)').selectOption('PR');
  await page.getByLabel('Date assessed').fill('2018-06-01');
  await page.getByLabel('If not available, why').selectOption('unknown');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('Give either a value or the reason it is missing, not both.');
  await page.getByLabel('Date assessed').fill('');
  await page.getByLabel('Date assessed').blur();
  await expect(page.getByTestId('error-summary')).toHaveCount(0);
  await save(page, /Saved \(version 1, complete\)/);

  await page.getByRole('link', { name: 'Discontinuation' }).click();
  await page.getByLabel('Date of last ibrutinib dose').fill('2019-03-15');
  // A long "other" reason is not cut short: the count says how much is too much and the save refuses it.
  await page.getByLabel('Reason for discontinuation').selectOption('other');
  const otherReason = page.getByLabel('Other reason (describe)');
  await otherReason.fill('x'.repeat(490));
  await expect(page.getByText('You have 10 characters remaining')).toBeVisible();
  await otherReason.fill('x'.repeat(510));
  await expect(otherReason).toHaveValue('x'.repeat(510));
  await expect(page.getByText('510 of 500 characters')).toBeVisible();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('Use at most 500 characters.');
  await page.getByLabel('Reason for discontinuation').selectOption('adverse_event');
  // Keyboard: type, the best match is highlighted, Enter chooses it.
  // A clinical word finds its CTCAE term, and the list says which term it maps to (issue 16, defect 6).
  await page.getByRole('combobox', { name: 'CTCAE term' }).fill('pneumonia');
  await expect(page.getByRole('option', { name: /^pneumonia → Lung infection/ })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('combobox', { name: 'CTCAE term' }).press('Enter');
  await expect(page.getByTestId('ae-soc')).toHaveText('Infections and infestations');
  await expect(page.getByText(/Grade 3 — IV antibiotic, antifungal, or antiviral intervention indicated/)).toBeVisible();
  await page.getByLabel('Verbatim term (as written at the site, optional)').fill('pneumonia');
  await page.getByLabel(/^Grade 3/).check();
  await page.getByLabel('Onset date').fill('2019-03-10');
  await page.getByLabel('Pathogen / etiology (infections)').fill('unknown');
  await save(page, /Saved \(version 1, complete\)/);

  await page.getByRole('link', { name: 'Subsequent therapies' }).click();
  await page.getByRole('button', { name: 'Add a therapy' }).click();
  await page.getByLabel('Regimen (therapy 1)').fill('venetoclax');
  await page.getByLabel('Start date (therapy 1)').fill('2019-04-01');
  await page.getByLabel('Best response (therapy 1)').selectOption('PR');
  await page.getByRole('button', { name: 'Add a therapy' }).click();
  await page.getByLabel('Regimen (therapy 2)').fill('R-CHOP');
  await page.getByRole('button', { name: 'Remove therapy 2' }).click();
  await save(page, /Saved \(version 1, complete\)/);

  await page.getByRole('link', { name: 'Follow-up / death' }).click();
  await page.getByLabel('Vital status').selectOption('dead');
  await page.getByLabel('Last contact date').fill('2019-09-20');
  await page.getByLabel('Date of death').fill('2019-08-01');
  await page.getByLabel('Cause of death', { exact: true }).selectOption('progression of CLL');
  await page.getByLabel('Mark the form complete').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('The last contact cannot be after the date of death.');
  await page.getByLabel('Date of death').fill('2019-09-20');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('save-notice')).toHaveText(/Saved \(version 1, complete\)/);

  await page.goto(`/patients/${code}`);
  await expect(page.getByTestId('crf-response')).toContainText('Unknown');
  await expect(page.getByTestId('crf-baseline')).toContainText('4.1');
  await expect(page.getByTestId('crf-subsequent-therapies')).toContainText('venetoclax');
  await expect(page.getByTestId('crf-subsequent-therapies')).not.toContainText('R-CHOP');
  await expect(page.getByTestId('history')).toContainText('progression of CLL');

  await page.goto('/patients/checks');
  await expect(page.getByRole('heading', { name: 'Edit checks · PL-01' })).toBeVisible();
  await expect(page.getByTestId('check-counts')).toContainText('finding');
});

test('coordinator raises a query, the investigator answers, the coordinator verifies and signs', async ({ page }) => {
  await loginAs(page, 'coordinator');
  await page.goto(`/patients/${code}/baseline`);
  await page.getByLabel('Field').selectOption('ecog');
  await page.getByLabel('Question').fill('Please confirm ECOG at ibrutinib start.');
  await page.getByRole('button', { name: 'Raise query' }).click();
  await expect(page.getByText('Query raised.')).toBeVisible();
  // No verification while a query on the form is unresolved.
  await page.getByRole('button', { name: 'Verify (source data verified)' }).click();
  await expect(page.getByText('Close the open data queries on this form first (1 open).')).toBeVisible();
  await expect(page.getByTestId('workflow-status')).toHaveText('complete');
  await logout(page);

  await loginAs(page, 'investigatorPl01');
  await page.getByLabel('Patient id').fill(code);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByRole('row', { name: new RegExp(code) })).toContainText('1 open');
  await page.goto(`/patients/${code}/baseline`);
  await expect(page.getByTestId('query-badge-ecog')).toContainText('Please confirm ECOG');
  await page.getByLabel('Your answer to this query').fill('ECOG 1 confirmed from the clinic letter.');
  await page.getByRole('button', { name: 'Send answer' }).click();
  await expect(page.getByText('Answer sent.')).toBeVisible();
  // Answered: the query waits for the coordinator, no second "Send answer" (issue 16, defect 9).
  await expect(page.getByTestId('query-item')).toContainText('ECOG 1 confirmed');
  await expect(page.getByRole('button', { name: 'Send answer' })).toHaveCount(0);
  await logout(page);

  await loginAs(page, 'coordinator');
  await page.goto(`/patients/${code}/baseline`);
  await expect(page.getByTestId('query-item')).toContainText('ECOG 1 confirmed');
  await page.getByRole('button', { name: 'Close query' }).click();
  await expect(page.getByText('Query closed.')).toBeVisible();
  await page.getByRole('button', { name: 'Verify (source data verified)' }).click();
  await expect(page.getByTestId('workflow-status')).toHaveText('verified');
  await page.getByLabel('Your password (to sign)').fill('wrong password');
  await page.getByRole('button', { name: 'Sign and lock' }).click();
  // Said once, at the password field (not again in the panel's summary).
  await expect(page.locator('#sign-password-error')).toHaveText('The password is not correct: the form was not signed.');
  await expect(page.getByText('The password is not correct')).toHaveCount(1);
  await expect(page.getByTestId('signer-name')).toContainText(`(${demoUser('coordinator').email})`);
  await page.getByLabel('Your password (to sign)').fill(demoUser('coordinator').password);
  await page.getByRole('button', { name: 'Sign and lock' }).click();
  await expect(page.getByTestId('workflow-status')).toHaveText('locked');
  // The printed name carries the signer's unique e-mail (two accounts can share a display name).
  await expect(page.getByTestId('signature')).toContainText(`(${demoUser('coordinator').email})`);
  await logout(page);

  await loginAs(page, 'investigatorPl01');
  await page.goto(`/patients/${code}/baseline`);
  await expect(page.getByText('This form is locked (signed).')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
  // Read-only controls look read-only: not the white box of an editable field (issue 16, defect 9).
  const ecog = page.getByLabel('ECOG performance status', { exact: true });
  await expect(ecog).toBeDisabled();
  expect(await ecog.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).borderStyle])).toEqual(['rgb(238, 240, 243)', 'dashed']);
});

test('a stale save shows a conflict (saved vs yours); a double-clicked save writes once', async ({ browser }) => {
  const context = await browser.newContext();
  const a = await context.newPage();
  await loginAs(a, 'investigatorPl01');
  const b = await context.newPage();
  await a.goto(`/patients/${code}/response`);
  await b.goto(`/patients/${code}/response`);
  await a.getByLabel('Best response on ibrutinib (iwCLL)').selectOption('CR');
  await a.getByLabel(/Reason for change/).fill('Re-assessed at the 2018-06 visit');
  await a.getByRole('button', { name: 'Save' }).click();
  await expect(a.getByTestId('save-notice')).toHaveText(/Saved \(version 2, complete\)/);

  await b.getByLabel('Best response on ibrutinib (iwCLL)').selectOption('SD');
  await b.getByLabel(/Reason for change/).fill('Typo');
  await b.getByRole('button', { name: 'Save' }).click();
  const conflict = b.getByTestId('conflict');
  await expect(conflict).toContainText('someone else changed this form');
  await expect(conflict.getByRole('row', { name: /Best response/ })).toContainText('CR');
  await expect(conflict.getByRole('row', { name: /Best response/ })).toContainText('SD');

  await b.getByRole('button', { name: 'Reload the current version' }).click();
  await expect(b.getByLabel('Best response on ibrutinib (iwCLL)')).toHaveValue('CR');
  await b.getByLabel('Best response on ibrutinib (iwCLL)').selectOption('PR');
  await b.getByLabel(/Reason for change/).fill('Back to PR after review');
  await b.getByRole('button', { name: 'Save' }).dblclick();
  await expect(b.getByTestId('save-notice')).toHaveText(/Saved \(version 3, complete\)/);
  await b.reload();
  await expect(b.getByTestId('form-status')).toHaveText('complete');
  await expect(b.locator('#form-status-line')).toContainText('version 3');
  await context.close();
});

test('the PL-02 investigator cannot open the PL-01 patient', async ({ page }) => {
  await loginAs(page, 'investigatorPl02');
  for (const path of [`/patients/${code}`, `/patients/${code}/baseline`]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
    await expect(page.getByText(code)).toHaveCount(0);
  }
});

test('the coordinator sees the edit checks of every centre at once, filters them by kind and opens one centre', async ({ page }) => {
  await loginAs(page, 'coordinator');
  await page.goto('/patients/checks');
  await expect(page.getByRole('heading', { name: 'Edit checks · all centres' })).toBeVisible();
  const summary = page.getByTestId('centre-summary');
  // Every centre of the registry, the demo cohort's eight among them (other specs may add centres,
  // which are listed with zeros), in code order, and a totals row.
  for (let i = 1; i <= 8; i++) await expect(summary.locator(`tr[data-centre="PL-0${i}"]`)).toHaveCount(1);
  await expect(summary.locator('tbody tr').first()).toContainText('PL-01');
  await expect(summary.locator('tr[data-centre="PL-08"] td').nth(1)).toHaveText(/^\d+$/);
  const totalPatients = Number(await summary.locator('tr[data-centre="total"] td').first().textContent());
  expect(totalPatients).toBeGreaterThanOrEqual(165);
  await expect(page.getByTestId('check-rows').locator('thead')).toContainText('Centre');
  await expect(page.getByTestId('check-counts')).toContainText('finding');

  await page.getByLabel('Check').selectOption('open_query');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/kind=open_query/);
  await expect(page.getByTestId('check-counts')).toContainText('(Open query)');
  const kinds = await page.getByTestId('check-rows').locator('tbody tr td:nth-child(5)').allTextContents();
  expect(kinds.every((k) => k === 'Open query')).toBe(true);

  await page.goto('/patients/checks?kind=bogus');
  await expect(page.getByTestId('check-notices')).toContainText('Unknown check kind "bogus" ignored');

  await page.getByTestId('centre-summary').getByRole('link', { name: 'PL-02', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Edit checks · PL-02' })).toBeVisible();
  await expect(page.getByTestId('centre-summary')).toHaveCount(0);
});

test('the PL-02 investigator gets only PL-02 edit checks: PL-01 is not found, in the report and its CSV', async ({ page }) => {
  await loginAs(page, 'investigatorPl02');
  await page.goto('/patients/checks');
  await expect(page.getByRole('heading', { name: 'Edit checks · PL-02' })).toBeVisible();
  await expect(page.getByLabel('Centre')).toHaveCount(0);
  await page.goto('/patients/checks?centre=PL-01');
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  expect((await page.request.get('/data/export/edit-checks?centre=PL-01')).status()).toBe(404);
  const csv = await page.request.get('/data/export/edit-checks');
  expect(csv.status()).toBe(200);
  // The demo cohort has no findings since its gaps are recorded as "unknown" (issue 16, defect 4:
  // it listed 185 "required field missing" before), so the file may hold only its header; any
  // finding other specs leave at PL-02 is PL-02's.
  const [header, ...lines] = (await csv.text()).trim().split('\n');
  expect(header).toMatch(/centre.*patient/);
  expect(lines.every((l) => l.startsWith('"PL-02","PL-02-'))).toBe(true);
});
