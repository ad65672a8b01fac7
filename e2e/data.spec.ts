import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { loginAs } from './helpers';

/**
 * A coordinator imports a file with an error, sees the report, fixes the file, imports it and
 * finds the new patients. New ids in PL-08 (101…), dates after 2018-01-01, no discontinuations:
 * the demo cohort's figures at the 2017-06-30 cut-off stay unchanged for the other specs.
 */
const HEADER = ['id', 'centre', 'sex', 'birthYear', 'ibrutinibStart', 'ageAtStart', 'ecog', 'raiStage', 'del17p', 'priorLines',
  'bestResponse', 'disc_date', 'disc_reason', 'disc_progressionType', 'disc_rtHistology', 'disc_cnsInvolvement', 'ae_term', 'ae_soc',
  'ae_grade', 'ae_etiology', 'ae_paperLabel', 'subsequentTherapies', 'vitalStatus', 'deathDate', 'deathCause', 'lastContactDate'];

function row(id: string, rai: string): string {
  return [`"${id}"`, '"PL-08"', '"female"', '1955', '"2018-03-05"', '62', '1', `"${rai}"`, '"absent"', '2', '"PR"',
    '', '', '', '', '', '', '', '', '', '', '', '"alive"', '', '', '"2019-06-30"'].join(',');
}

function writeUpload(name: string, rows: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cll-e2e-data-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, [HEADER.map((h) => `"${h}"`).join(','), ...rows].join('\n') + '\n');
  return file;
}

test('a coordinator imports a cohort file: report, fix, import, new patients listed and exported', async ({ page }) => {
  await loginAs(page, 'coordinator');
  await page.goto('/dashboard');
  const before = Number(await page.getByTestId('patients').textContent());

  await page.goto('/data');
  const bad = writeUpload('pl08-new.csv', [row('PL-08-101', 'I'), row('PL-08-102', 'V')]);
  await page.getByLabel('Cohort file (CSV or JSON)').setInputFiles(bad);
  await page.getByRole('button', { name: 'Check file' }).click();
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('1 problem found. Nothing was imported.');
  const problem = report.getByRole('row').filter({ hasText: 'PL-08-102' });
  await expect(problem).toContainText('raiStage');
  await expect(problem).toContainText('must be one of: 0, I, II, III, IV');
  await expect(page.getByRole('button', { name: /^Import/ })).toHaveCount(0);

  const fixed = writeUpload('pl08-new.csv', [row('PL-08-101', 'I'), row('PL-08-102', 'IV')]);
  await page.getByLabel('Cohort file (CSV or JSON)').setInputFiles(fixed);
  await page.getByRole('button', { name: 'Check file' }).click();
  await expect(report).toContainText('ready to import: 2 new, 0 changed');
  await page.getByRole('button', { name: 'Import 2 patients' }).click();
  await expect(page.getByTestId('import-done')).toContainText('2 new patients');

  await page.goto('/patients?q=PL-08-10');
  await expect(page.getByRole('link', { name: 'PL-08-101' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'PL-08-102' })).toBeVisible();
  await page.goto('/dashboard');
  await expect(page.getByTestId('patients')).toHaveText(String(before + 2));

  // Checking the same file again: both patients are already there and unchanged.
  await page.goto('/data');
  await page.getByLabel('Cohort file (CSV or JSON)').setInputFiles(fixed);
  await page.getByRole('button', { name: 'Check file' }).click();
  // Nothing to import: said, and no "Import 0 patients" button (issue 16, defect 9).
  await expect(report).toContainText('nothing to import: all 2 patients are already in the registry as the file gives them.');
  await expect(page.getByRole('button', { name: /^Import/ })).toHaveCount(0);

  // A change to a complete form (ECOG of PL-08-101) needs a reason, as in the CRF: the import
  // button waits for it, and the import names the check it follows (issue 11 item 1).
  const changed = writeUpload('pl08-ecog.csv', [row('PL-08-101', 'I').replace(',62,1,', ',62,2,'), row('PL-08-102', 'IV')]);
  await page.getByLabel('Cohort file (CSV or JSON)').setInputFiles(changed);
  await page.getByRole('button', { name: 'Check file' }).click();
  await expect(report).toContainText('0 new, 1 changed, 1 unchanged');
  const importOne = page.getByRole('button', { name: 'Import 1 patient' });
  await expect(importOne).toBeDisabled();
  await page.getByLabel(/Reason for the change \(1 form is already complete or verified/).fill('ECOG re-read from the source');
  await importOne.click();
  await expect(page.getByTestId('import-done')).toContainText('1 updated');

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Cohort CSV' }).click();
  const file = await (await download).path();
  expect(fs.readFileSync(file, 'utf8')).toContain('"PL-08-102","PL-08","Katowice","female",1955,"2018-03-05",62,1,"IV"');
});

test('an investigator cannot import another centre\'s patients and has no audit trail', async ({ page }) => {
  await loginAs(page, 'investigatorPl01');
  await page.goto('/data');
  await page.getByLabel('Cohort file (CSV or JSON)').setInputFiles(writeUpload('other.csv', [row('PL-08-150', 'I')]));
  await page.getByRole('button', { name: 'Check file' }).click();
  await expect(page.getByTestId('import-report')).toContainText('you can import patients of your own centre (PL-01) only');
  const res = await page.request.get('/audit/export');
  expect(res.status()).toBe(403);
});

test('a coordinator filters the audit trail and exports it', async ({ page }) => {
  await loginAs(page, 'coordinator');
  await page.goto('/audit?patient=PL-01-005');
  const table = page.getByTestId('audit-table');
  await expect(table.getByRole('link', { name: 'PL-01-005' }).first()).toBeVisible();
  await expect(table).not.toContainText('PL-01-006');
  const res = await page.request.get('/audit/export?patient=PL-01-005');
  expect(res.status()).toBe(200);
  expect(await res.text()).toContain('"PL-01-005"');
});

test('50 MB of garbage is refused with a clear message and writes nothing', async ({ page, baseURL }) => {
  await loginAs(page, 'coordinator');
  const before = await page.getByTestId('patient-count').textContent();
  // Random bytes, not a spreadsheet: refused on size before any parsing, in both modes.
  const garbage = Buffer.alloc(50 * 1024 * 1024);
  for (let i = 0; i < garbage.length; i += 4) garbage.writeUInt32LE((Math.imul(i + 1, 2654435761) >>> 0), i);
  for (const mode of ['preview', 'commit']) {
    const res = await page.request.post(`/data/import?mode=${mode}&name=garbage.csv`, {
      data: garbage, headers: { origin: baseURL ?? '', 'content-type': 'text/csv' }, timeout: 60_000,
    });
    expect(res.status()).toBe(413);
    expect(((await res.json()) as { message: string }).message).toMatch(/limit is 32 MB/);
  }
  await page.goto('/patients');
  await expect(page.getByTestId('patient-count')).toHaveText(before ?? '');
});

test('the audit trail says when "from" is after "to", and long values wrap instead of widening the table', async ({ page }) => {
  await loginAs(page, 'coordinator');
  await page.goto('/audit?from=2025-06-02&to=2025-06-01');
  await expect(page.getByTestId('audit-range-problem')).toContainText('"From" (2025-06-02) is after "To" (2025-06-01)');
  await page.getByTestId('audit-range-problem').getByRole('link').click();
  await expect(page).toHaveURL(/from=2025-06-01&to=2025-06-02/);
  await expect(page.getByTestId('audit-range-problem')).toHaveCount(0);

  await page.goto('/audit');
  const table = page.getByTestId('audit-table');
  await expect(table.locator('tbody tr').first()).toBeVisible();
  // A 500-character unbroken reason (as an import or unlock reason can be) in the first row.
  const sizes = await table.evaluate((t) => {
    const cell = t.querySelector('tbody tr td:last-child') as HTMLElement;
    cell.textContent = 'x'.repeat(500);
    const time = t.querySelector('tbody tr td:first-child') as HTMLElement;
    const range = document.createRange();
    range.selectNodeContents(time);
    // Distinct line tops of the timestamp's text: 1 when it stays on one line.
    const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    return { table: t.scrollWidth, wrap: (t.parentElement as HTMLElement).clientWidth, lines };
  });
  expect(sizes.table).toBeLessThanOrEqual(sizes.wrap + 1);
  expect(sizes.lines).toBe(1);
});

test('the Action and Table filters offer every event the services write', async ({ page }) => {
  await loginAs(page, 'coordinator');
  await page.goto('/audit');
  for (const a of ['form_signed', 'form_unlocked', 'signature_failed', 'access_denied', 'login_throttled', 'dashboard_csv_export']) {
    await expect(page.locator(`#action option[value="${a}"]`)).toHaveCount(1);
  }
  await expect(page.locator('#table option[value="dashboard"]')).toHaveCount(1);
});

test('a page number past the end of the patients list shows the last page and says so', async ({ page }) => {
  await loginAs(page, 'coordinator');
  await page.goto('/patients?page=999');
  await expect(page.getByTestId('page-clamped')).toContainText('There is no page 999');
  await expect(page.locator('main')).not.toContainText('Page 999');
  await expect(page.getByRole('navigation', { name: 'Pages' })).toContainText(/Page (\d+) of \1/);
});

/**
 * The course in long format (issue 15): a coordinator registers PL-08-103 through a cohort file (its
 * follow-up becomes visit 1), downloads the course zip, adds a visit and a dose period, sees a bad
 * cell reported by file, line and column, fixes it, imports, and finds the records in the exports.
 * Dates after the 2017-06-30 cut-off: the demo figures the other specs check stay unchanged.
 */
test('a coordinator exports the course as a zip of CSVs, adds records and imports them back', async ({ page }) => {
  const { unzipSync, zipSync, strFromU8, strToU8 } = await import('fflate');
  await loginAs(page, 'coordinator');
  await page.goto('/data');
  const input = page.getByLabel('Cohort file (CSV or JSON) or course file (zip or JSON)');
  const report = page.getByTestId('import-report');
  await input.setInputFiles(writeUpload('pl08-103.csv', [row('PL-08-103', 'II')]));
  await page.getByRole('button', { name: 'Check file' }).click();
  await page.getByRole('button', { name: 'Import 1 patient' }).click();
  await expect(page.getByTestId('import-done')).toContainText('1 new patient');

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Course, long format (zip of CSVs)' }).click();
  const tables = Object.fromEntries(Object.entries(unzipSync(fs.readFileSync(await (await download).path() ?? ''))).map(([k, v]) => [k, strFromU8(v)]));
  expect(Object.keys(tables).sort()).toEqual(['README.txt', 'adverse-events.csv', 'dose-periods.csv', 'interruptions.csv', 'tests.csv', 'visits.csv']);
  expect(tables['visits.csv']).toContain('"PL-08-103",1,"2019-06-30",,,FALSE,,"full_dose","alive","complete",FALSE');

  const upload = (name: string, visitLine: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cll-e2e-course-'));
    const file = path.join(dir, name);
    const files = {
      'visits.csv': `${(tables['visits.csv'] ?? '').split('\n')[0]}\n${visitLine}\n`,
      'dose-periods.csv': `${(tables['dose-periods.csv'] ?? '').split('\n')[0]}\n"PL-08-103",1,"2018-03-05","420",,,,,,\n`,
    };
    fs.writeFileSync(file, zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)]))));
    return file;
  };
  await input.setInputFiles(upload('course.zip', '"PL-08-103",2,"2018-09-03",7,"PR",FALSE,,"full_dose","alive",,'));
  await page.getByRole('button', { name: 'Check file' }).click();
  await expect(report).toContainText('1 problem found. Nothing was imported.');
  const problem = report.getByRole('row').filter({ hasText: 'PL-08-103' });
  await expect(problem).toContainText('visits.csv');
  await expect(problem.getByRole('cell').nth(1)).toHaveText('2');
  await expect(problem).toContainText('ecog');
  await expect(report.getByRole('columnheader', { name: 'Line' })).toBeVisible();

  const good = upload('course.zip', '"PL-08-103",2,"2018-09-03",1,"PR",FALSE,,"full_dose","alive",,');
  await input.setInputFiles(good);
  await page.getByRole('button', { name: 'Check file' }).click();
  await expect(report).toContainText('ready to import: 2 new records, 0 changed, 0 unchanged (skipped).');
  await page.getByRole('button', { name: 'Import 2 records' }).click();
  await expect(page.getByTestId('import-done')).toContainText('2 new records');

  // Again: nothing to import, and no button.
  await input.setInputFiles(good);
  await page.getByRole('button', { name: 'Check file' }).click();
  await expect(report).toContainText('nothing to import: all 2 records are already in the registry as the file gives them.');
  await expect(page.getByRole('button', { name: /^Import/ })).toHaveCount(0);

  const json = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Course, long format (JSON)' }).click();
  const doc = JSON.parse(fs.readFileSync(await (await json).path() ?? '', 'utf8')) as { patients: { patientId: string; visits: { seq: number; ecog: number | null }[]; dosePeriods: { dose: string }[] }[] };
  const p = doc.patients.find((x) => x.patientId === 'PL-08-103');
  expect(p?.visits.map((v) => [v.seq, v.ecog])).toEqual([[1, null], [2, 1]]);
  expect(p?.dosePeriods.map((d) => d.dose)).toEqual(['420']);
});
