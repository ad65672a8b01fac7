import { expect, test, type Page } from '@playwright/test';
import { checkCurrentPage } from './axe';
import { loginAs } from './helpers';

/**
 * Every form works by keyboard alone (issue 16): an investigator registers a patient, fills and saves
 * its Response form and operates the CTCAE picker with Tab, typing, arrows, Space and Enter only; axe
 * (e2e/accessibility.spec.ts) also checks a form showing its errors and the picker's open list.
 *
 * Data: a NEW PL-01 patient with dates after 2018, so the demo's figures at cut-off 2017-06-30 stay.
 * This file runs after admin.spec.ts (files run in name order), whose centre counts are the demo's.
 */
// en-US: a date input takes its parts typed in month, day, year order.
test.use({ viewport: { width: 1366, height: 900 }, locale: 'en-US' });

/** Presses Tab until the focused element has this accessible label (the field's <label> or aria-label), at most `max` times. */
async function tabTo(page: Page, label: RegExp, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      const labels = (el as HTMLInputElement).labels;
      const byLabel = labels && labels.length ? Array.from(labels).map((l) => l.textContent ?? '').join(' ') : '';
      return (byLabel || el.getAttribute('aria-label') || el.textContent || '').trim();
    });
    if (label.test(name)) return;
  }
  throw new Error(`Tab never reached ${label}`);
}

test('keyboard alone: register a patient, fill and save its Response form; the CTCAE picker', async ({ page }) => {
  await loginAs(page, 'investigatorPl01');
  await page.goto('/patients/new');
  await tabTo(page, /^Sex/);
  // A focused <select> takes typed letters: "f" chooses female.
  await page.keyboard.type('f');
  await expect(page.getByLabel('Sex')).toHaveValue('female');
  await tabTo(page, /^Year of birth/);
  await page.keyboard.type('1956');
  await tabTo(page, /^Register patient/);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/patients\/PL-01-\d{3}\/baseline$/);
  const code = /patients\/(PL-01-\d{3})\//.exec(page.url())?.[1] ?? '';
  // An empty baseline saved: the error summary and the invalid fields are checked too.
  await tabTo(page, /^Save$/);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('error-summary')).toBeVisible();
  await checkCurrentPage(page, 'investigator, a baseline form with errors');

  await page.goto(`/patients/${code}/response`);
  await tabTo(page, /^Best response on ibrutinib/);
  await page.keyboard.type('PR');
  await expect(page.getByLabel('Best response on ibrutinib (iwCLL)')).toHaveValue('PR');
  await tabTo(page, /^Date assessed/);
  // A date input takes its parts typed in the locale's order (en-US: month, day, year).
  await page.keyboard.type('06012018');
  await expect(page.getByLabel('Date assessed')).toHaveValue('2018-06-01');
  await tabTo(page, /^Mark the form complete/);
  await page.keyboard.press('Space');
  await expect(page.getByLabel('Mark the form complete')).toBeChecked();
  await tabTo(page, /^Save$/);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('save-notice')).toHaveText(/Saved \(version 1, complete\)/);

  // The CTCAE picker: type, arrow down through the matches, Enter chooses; nothing is saved.
  await page.goto(`/patients/${code}/discontinuation`);
  await tabTo(page, /^Reason for discontinuation/);
  await page.keyboard.type('adverse');
  await expect(page.getByLabel('Reason for discontinuation')).toHaveValue('adverse_event');
  await tabTo(page, /^CTCAE term/);
  const picker = page.getByRole('combobox', { name: 'CTCAE term' });
  await expect(picker).toBeFocused();
  await page.keyboard.type('pneumonia');
  await expect(page.getByRole('option', { name: /^pneumonia → Lung infection/ })).toHaveAttribute('aria-selected', 'true');
  const options = page.getByRole('listbox', { name: 'CTCAE terms' }).getByRole('option');
  await checkCurrentPage(page, 'investigator, the CTCAE picker open');
  const n = await options.count();
  await page.keyboard.press('ArrowDown');
  await expect(options.nth(Math.min(1, n - 1))).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ae-soc')).toHaveText('Infections and infestations');
  // The grade is a radio group: Tab into it, arrows move the choice.
  await tabTo(page, /^Grade \d/);
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('input[type=radio]:checked')).toHaveCount(1);
});
