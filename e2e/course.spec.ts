import { expect, test, type Page } from '@playwright/test';
import { checkCurrentPage } from './axe';
import { loginAs, logout } from './helpers';

// The patient's course (issue 15), walked by a PL-01 investigator on a NEW patient whose dates are
// after 2018 (the demo's published figures at cut-off 2017-06-30 stay as they are): a visit, an
// adverse event (grade 3) that leads to a dose reduction recorded as a 280 mg dose period linked to
// it, then a second event that leads to the discontinuation. The record home's grid, timeline and
// swimmer plot must show that course; another centre's investigator gets "not found".
// The walk through is long (five records, two forms, axe on five pages, screenshots): 4 minutes, not the default 1.
test.describe.configure({ mode: 'serial', timeout: 240_000 });

let code = '';

/** Saves a course record marked complete; a new one opens at its own address with a notice. */
async function saveComplete(page: Page, created: RegExp) {
  await page.getByLabel('Mark the form complete').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(created);
  await expect(page.getByTestId('created-notice')).toContainText('Saved (version');
  await expect(page.getByTestId('form-status')).toHaveText('complete');
}

async function addFromHome(page: Page, row: string) {
  await page.goto(`/patients/${code}`);
  await page.getByTestId(`grid-row-${row}`).getByRole('link', { name: /^\+ Add/ }).click();
}

async function pickTerm(page: Page, text: string, term: string) {
  await page.getByRole('combobox', { name: 'CTCAE term' }).fill(text);
  await page.getByRole('option', { name: new RegExp(`^${term}`) }).first().click();
  await expect(page.getByTestId('ae-soc')).not.toBeEmpty();
}

test('an investigator records a course: visit, an adverse event and the dose reduction it caused, a second event and the discontinuation', async ({ page }) => {
  await loginAs(page, 'investigatorPl01');
  await page.getByRole('link', { name: 'Register a patient' }).click();
  await page.getByLabel('Sex').selectOption('male');
  await page.getByLabel('Year of birth').fill('1950');
  await page.getByRole('button', { name: 'Register patient' }).click();
  await expect(page).toHaveURL(/\/patients\/PL-01-\d{3}\/baseline$/);
  code = /patients\/(PL-01-\d{3})\//.exec(page.url())?.[1] ?? '';
  expect(code).not.toBe('');
  await page.getByLabel('Ibrutinib start date').fill('2020-01-15');
  await page.getByLabel('ECOG performance status').selectOption('1');
  await page.getByLabel('Rai stage').selectOption('II');
  await page.getByLabel('del(17p) by FISH').selectOption('absent');
  await page.getByLabel('IGHV status').selectOption('unmutated');
  await page.getByLabel('Prior lines of therapy').fill('1');
  await page.getByLabel('Prior purine analogue').selectOption('false');
  await page.getByLabel('Prior anti-CD20').selectOption('true');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('save-notice')).toHaveText(/Saved \(version 1, draft\)/);

  // A visit, from the record home's grid.
  await addFromHome(page, 'visit');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`New visit · ${code}`);
  await page.getByLabel('Visit date').fill('2020-04-15');
  await page.getByLabel('ECOG performance status').selectOption('1');
  await page.getByLabel('Response assessment (iwCLL 2018)').selectOption('PR');
  await page.getByLabel('Progression since the last visit').selectOption('false');
  await page.getByLabel('Ibrutinib at this visit').selectOption('full_dose');
  await page.getByLabel('Vital status').selectOption('alive');
  await saveComplete(page, new RegExp(`/patients/${code}/visits/1\\?saved=1$`));
  await checkCurrentPage(page, 'visit 1');

  // Adverse event 1: atrial fibrillation, grade 3, dose reduced. A grade the term does not define cannot be chosen.
  await addFromHome(page, 'adverse-event');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('CTCAE grade: Choose a grade from 1 to 5.');
  await pickTerm(page, 'atrial fibrillation', 'Atrial fibrillation');
  await expect(page.getByLabel(/^Grade 3/)).toBeEnabled();
  await page.getByLabel(/^Grade 3/).check();
  await page.getByLabel('Onset date').fill('2020-05-01');
  await page.getByLabel('Still ongoing').selectOption('false');
  await page.getByLabel('Resolution date').fill('2020-05-20');
  await page.getByLabel('Serious adverse event (SAE)').selectOption('true');
  await page.getByLabel('Relation to ibrutinib').selectOption('probable');
  await page.getByLabel('Action taken with ibrutinib').selectOption('dose_reduced');
  await page.getByLabel('Outcome').selectOption('recovered');
  await saveComplete(page, new RegExp(`/patients/${code}/adverse-events/1\\?saved=1$`));
  await checkCurrentPage(page, 'adverse event 1');

  // The starting dose, then the reduction to 280 mg linked to adverse event 1.
  await addFromHome(page, 'dose-period');
  await page.getByLabel('Start of this dose').fill('2020-01-15');
  await page.getByLabel('Daily dose of ibrutinib').selectOption('420');
  await saveComplete(page, new RegExp(`/patients/${code}/dose-periods/1\\?saved=1$`));
  await addFromHome(page, 'dose-period');
  await page.getByLabel('Start of this dose').fill('2020-05-05');
  await page.getByLabel('Daily dose of ibrutinib').selectOption('280');
  await page.getByLabel('Reason for the dose change (empty for the starting dose)').selectOption('adverse_event');
  const cause = page.getByLabel('Which adverse event');
  await expect(cause.locator('option')).toHaveText(['Choose…', 'Adverse event 1: Atrial fibrillation, grade 3 (2020-05-01)']);
  await page.getByLabel('Mark the form complete').check();
  await page.getByRole('button', { name: 'Save' }).click();
  // The cause is required when the reason is an adverse event.
  await expect(page.getByTestId('error-summary')).toContainText('Choose the adverse event that made the change necessary.');
  await cause.selectOption('1');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(new RegExp(`/patients/${code}/dose-periods/2\\?saved=1$`));
  await checkCurrentPage(page, 'dose period 2');

  // Adverse event 2 leads to the discontinuation.
  await addFromHome(page, 'adverse-event');
  await pickTerm(page, 'pneumonia', 'pneumonia → Lung infection');
  await page.getByLabel(/^Grade 4/).check();
  await page.getByLabel('Onset date').fill('2020-09-01');
  await page.getByLabel('Still ongoing').selectOption('true');
  await page.getByLabel('Serious adverse event (SAE)').selectOption('true');
  await page.getByLabel('Relation to ibrutinib').selectOption('possible');
  await page.getByLabel('Action taken with ibrutinib').selectOption('discontinued');
  await page.getByLabel('Outcome').selectOption('recovering');
  await saveComplete(page, new RegExp(`/patients/${code}/adverse-events/2\\?saved=1$`));

  // The discontinuation form names the logged event that caused it.
  await page.goto(`/patients/${code}/discontinuation`);
  await page.getByLabel('Date of last ibrutinib dose').fill('2020-09-03');
  await page.getByLabel('Reason for discontinuation').selectOption('adverse_event');
  const causes = page.getByTestId('discontinuation-causes');
  await expect(causes).toContainText('Adverse event 2: Lung infection, grade 4');
  await expect(causes.getByRole('link', { name: 'Log an adverse event' })).toHaveAttribute('href', `/patients/${code}/adverse-events/new`);
  await pickTerm(page, 'pneumonia', 'pneumonia → Lung infection');
  await page.getByLabel(/^Grade 4/).check();
  await page.getByLabel('Onset date').fill('2020-09-01');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('save-notice')).toHaveText(/Saved \(version 1, draft\)/);
  await checkCurrentPage(page, 'discontinuation with its logged cause');

  await page.goto(`/patients/${code}/follow-up`);
  await page.getByLabel('Vital status').selectOption('alive');
  await page.getByLabel('Last contact date').fill('2021-01-10');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('save-notice')).toHaveText(/Saved \(version 1, draft\)/);

  // The record home: grid, figures, swimmer plot, timeline.
  await page.goto(`/patients/${code}`);
  await expect(page.getByRole('heading', { name: `Patient ${code}` })).toBeVisible();
  await expect(page.getByTestId('grid-row-visit').getByTestId('grid-cell')).toHaveCount(1);
  const aeCells = page.getByTestId('grid-row-adverse-event').getByTestId('grid-cell');
  await expect(aeCells).toHaveText([/#1 · 2020-05-01\s*grade 3 · complete/, /#2 · 2020-09-01\s*grade 4 · complete/]);
  await expect(page.getByTestId('grid-row-dose-period').getByTestId('grid-cell')).toHaveText([/420 mg\/day · complete/, /280 mg\/day · complete/]);
  await expect(page.getByTestId('grid-row-discontinuation').getByTestId('grid-cell')).toHaveText(/2020-09-03\s*draft/);
  await expect(page.getByTestId('course-stats')).toContainText('First dose reduction2020-05-05 (420 → 280 mg)');

  const plot = page.getByTestId('swimmer-plot');
  await expect(plot.locator('[data-dose]')).toHaveCount(2);
  await expect(plot.locator('[data-dose="420"]')).toHaveCount(1);
  await expect(plot.locator('[data-dose="280"]')).toHaveCount(1);
  await expect(plot.getByTestId('swimmer-ae')).toHaveCount(2);
  await expect(plot.locator('[data-testid="swimmer-ae"][data-grade="3"]')).toHaveCount(1);
  await expect(plot.locator('[data-testid="swimmer-ae"][data-grade="4"]')).toHaveCount(1);
  await expect(plot.getByTestId('swimmer-discontinuation')).toHaveCount(1);
  await expect(plot.getByTestId('swimmer-last-contact')).toHaveCount(1);
  await expect(plot.locator('svg[role=img] desc')).toContainText('discontinued on 2020-09-03');
  // Its text alternative: the same course as a table.
  await plot.getByText('The course as a table').click();
  await expect(plot.getByTestId('swimmer-table')).toContainText('Ibrutinib 280 mg/day (dose period 2)');
  await expect(plot.getByTestId('swimmer-table')).toContainText('Adverse event 1: Atrial fibrillation, grade 3, serious');
  await expect(plot.getByTestId('swimmer-table')).toContainText('Discontinued: adverse event');

  const timeline = page.getByTestId('timeline').locator('li');
  await expect(timeline).toHaveText([
    /2020-01-15\s*start\s*Ibrutinib started/, /2020-01-15\s*dose\s*Dose 420 mg\/day/, /2020-04-15\s*visit\s*Visit 1.*response PR/,
    /2020-05-01\s*adverse event\s*Adverse event 1: Atrial fibrillation, grade 3.*action: dose reduced/,
    /2020-05-05\s*dose\s*Dose 280 mg\/day.*reason: adverse event 1/,
    /2020-09-01\s*adverse event\s*Adverse event 2: Lung infection, grade 4.*action: permanently discontinued/,
    /2020-09-03\s*discontinuation\s*Ibrutinib discontinued \(last dose\).*reason: adverse event/,
    /2021-01-10\s*last contact\s*Last contact/,
  ]);
  await checkCurrentPage(page, 'record home');

  // Looked at by a person: desktop and phone (the page never scrolls sideways; the plot pans in its box).
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.screenshot({ path: test.info().outputPath('record-home-1366.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const box = page.getByRole('region', { name: 'Swimmer plot' });
  expect(await box.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
  await page.screenshot({ path: test.info().outputPath('record-home-390.png'), fullPage: true });
  await page.goto(`/patients/${code}/adverse-events/1`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: test.info().outputPath('adverse-event-390.png'), fullPage: true });
  await page.setViewportSize({ width: 1366, height: 900 });

  // The list of a kind; marking an instance entered in error strikes it through and drops it from the course.
  await page.goto(`/patients/${code}/visits`);
  await expect(page.getByTestId('record-row')).toHaveCount(1);
  await checkCurrentPage(page, 'visits list');
  await page.getByRole('link', { name: 'Add visit' }).click();
  await page.getByLabel('Visit date').fill('2020-07-15');
  await page.getByLabel('Progression since the last visit').selectOption('false');
  await page.getByLabel('Ibrutinib at this visit').selectOption('reduced_dose');
  await page.getByLabel('Vital status').selectOption('alive');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(new RegExp(`/patients/${code}/visits/2\\?saved=1$`));
  await page.getByLabel('Why was it entered in error? (required)').fill('Visit belongs to another patient');
  await page.getByRole('button', { name: 'Mark entered in error' }).click();
  await expect(page.getByTestId('entered-in-error')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
  await expect(page.getByTestId('instance-history')).toContainText('Visit belongs to another patient');
  await page.goto(`/patients/${code}`);
  await expect(page.getByTestId('grid-row-visit').locator('[data-status="error"]')).toHaveText(/#2 · 2020-07-15\s*entered in error/);
  await expect(page.getByTestId('timeline')).not.toContainText('Visit 2');
  await logout(page);
});

test('another centre\'s investigator gets "not found" for the record home and every course page', async ({ page }) => {
  expect(code).not.toBe('');
  await loginAs(page, 'investigatorPl02');
  for (const path of ['', '/visits', '/adverse-events', '/adverse-events/1', '/adverse-events/new', '/dose-periods/2']) {
    const res = await page.goto(`/patients/${code}${path}`);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
    await expect(page.locator('body')).not.toContainText('Atrial fibrillation');
  }
  // An unknown record kind or instance is not found either, for the patient's own centre.
  await logout(page);
  await loginAs(page, 'investigatorPl01');
  for (const path of ['/no-such-records', '/adverse-events/9', '/adverse-events/0', '/adverse-events/x']) {
    expect((await page.goto(`/patients/${code}${path}`))?.status(), path).toBe(404);
  }
});
