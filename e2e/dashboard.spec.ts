import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { loginAs } from './helpers';

/**
 * The dashboards on the demo cohort at the paper's cut-off (2017-06-30). Other specs may add patients
 * with dates after 2018; at this cut-off they are excluded, so these figures cannot move.
 */
const CUTOFF = 'cutoff=2017-06-30';
const ARTIFACTS = path.join(__dirname, 'artifacts');

async function keepFigure(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.locator('figure').first().screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

const row = (page: Page, table: string, key: string) =>
  page.getByTestId(`table-${table}`).locator(`tr[data-row="${key}"] td`).nth(1);

test.describe('coordinator', () => {
  test.beforeEach(async ({ page }) => { await loginAs(page, 'coordinator'); });

  test('overview at the study cut-off', async ({ page }) => {
    await page.goto(`/dashboard?${CUTOFF}`);
    await expect(page.getByTestId('cutoff')).toHaveText('2017-06-30');
    await expect(page.getByTestId('patients')).toHaveText('165');
    await expect(page.getByTestId('discontinued')).toHaveText('37 (22.4%)');
    await expect(page.getByTestId('deaths')).toHaveText('29');
    await expect(page.getByTestId('median-follow-up')).toHaveText('26.0 months');
    await expect(row(page, 'centres', 'PL-01')).toHaveText('38');
  });

  test('Fig 1: median OS after discontinuation 2.0 (0.8–5.5) months', async ({ page }) => {
    await page.goto(`/dashboard/survival?${CUTOFF}&preset=fig1`);
    const summary = page.getByTestId('table-survival-summary');
    await expect(summary.locator('tr[data-row="All"] td')).toHaveText(['All', '37', '29', '2.0 (0.8–5.5)']);
    await expect(page.locator('#km-plot')).toBeVisible();
    await expect(page.getByTestId('table-number-at-risk').locator('tr[data-row="All"] td').nth(1)).toHaveText('37');
    // Hover shows values at the hovered time.
    const area = page.getByTestId('plot-hover-area');
    await area.scrollIntoViewIfNeeded();
    const box = await area.boundingBox();
    if (!box) throw new Error('no plot');
    await area.hover({ position: { x: box.width * 0.1, y: box.height / 2 } });
    // The time, then each curve's survival with its CI, in percent to 0.1 (values travel in per mille).
    await expect(page.getByTestId('plot-tooltip')).toHaveText(/^\d+\.\d months.*: (100\.0|\d{1,2}\.\d)% \((100\.0|\d{1,2}\.\d)%–(100\.0|\d{1,2}\.\d)%\)/);
    await keepFigure(page, 'fig1-os-after-discontinuation');
  });

  test('Fig 2: progression vs adverse event + other, log-rank p = 0.81', async ({ page }) => {
    await page.goto(`/dashboard/survival?${CUTOFF}&preset=fig2`);
    await expect(page.getByTestId('logrank-p')).toHaveText('p = 0.81');
    const summary = page.getByTestId('table-survival-summary');
    await expect(summary.locator('tr[data-row="Progression"] td').nth(1)).toHaveText('14');
    await expect(summary.locator('tr[data-row="Adverse event + other"] td').nth(1)).toHaveText('23');
    await expect(page.getByTestId('cox-hr')).toContainText('Hazard ratio Progression vs Adverse event + other');
    // On the figure itself (and so in the downloads): log-rank p, the HR with its CI, the legend with n.
    const note = page.locator('#km-plot [data-testid="plot-annotation"]');
    await expect(note).toContainText('Log-rank p = 0.81');
    await expect(note).toContainText(/HR \d\.\d\d \(95% CI \d\.\d\d–\d\.\d\d\)/);
    await expect(note).toContainText('Progression vs Adverse event + other');
    const hr = (await page.getByTestId('cox-hr').textContent()) ?? '';
    const [, est, ci] = /: (\d\.\d\d) \(95% CI (\S+)\)/.exec(hr) ?? [];
    await expect(note).toContainText(`HR ${est} (95% CI ${ci})`);
    const legend = page.locator('#km-plot [data-testid="plot-legend"]');
    await expect(legend).toContainText('Progression (n = 14)');
    await expect(legend).toContainText('Adverse event + other (n = 23)');
    await keepFigure(page, 'fig2-progression-vs-ae-other');
  });

  test('Fig 3: CLL progression vs Richter transformation, log-rank p = 0.34', async ({ page }) => {
    await page.goto(`/dashboard/survival?${CUTOFF}&preset=fig3&gbw=1`);
    await expect(page.getByTestId('logrank-p')).toHaveText('p = 0.34');
    await expect(page.getByTestId('gbw-p')).toContainText('Gehan–Breslow–Wilcoxon');
    await expect(page.locator('#km-plot [data-testid="plot-annotation"]')).toContainText('Log-rank p = 0.34');
    await expect(page.locator('#km-plot [data-testid="plot-annotation"]')).toContainText('HR ');
    const summary = page.getByTestId('table-survival-summary');
    await expect(summary.locator('tr[data-row="CLL progression"] td').nth(1)).toHaveText('11');
    await expect(summary.locator('tr[data-row="Richter transformation"] td').nth(1)).toHaveText('3');
    await keepFigure(page, 'fig3-cll-vs-rt');
  });

  test('Tables 1–3 for the discontinued patients', async ({ page }) => {
    await page.goto(`/dashboard/tables?${CUTOFF}&population=discontinued`);
    await expect(page.getByTestId('population-n')).toHaveText('37 patients in the population');
    const t1: [string, string][] = [
      ['sex.male', '22 (59.5%)'], ['age', '64 (46–84)'], ['ecog.1', '16 (43.2%)'], ['rai.IV', '15 (40.5%)'],
      ['del17p.present', '7 (18.9%)'], ['lines', '3 (1–10)'], ['lines.ge3', '22 (59.5%)'], ['lines.gt3', '18 (48.6%)'],
      ['time_on_ibrutinib', '4.4 (0.2–25.2)'], ['response.PR', '11 (31.4%)'], ['response.SD', '17 (48.6%)'], ['response.NE', '2'],
    ];
    for (const [k, v] of t1) await expect(row(page, 'table1', k)).toHaveText(v);
    const t2: [string, string][] = [
      ['adverse_event', '20 (54.1%)'], ['progression', '14 (37.8%)'], ['progression.CLL', '11 (29.7%)'], ['progression.RT', '3 (8.1%)'],
      ['patient_decision', '2 (5.4%)'], ['lost_to_follow_up', '1 (2.7%)'], ['ae.pneumonia', '6 (16.2%)'],
    ];
    for (const [k, v] of t2) await expect(row(page, 'table2', k)).toHaveText(v);
    await expect(page.getByTestId('table-table2').locator('tr[data-row="ae.pneumonia"] td').nth(4)).toHaveText('bacterial: 2; probable fungal: 1; unknown: 3');
    const t3: [string, string][] = [
      ['dead', '29 (78.4%)'], ['alive', '8 (21.6%)'], ['cause.progression of CLL', '10 (34.5%)'], ['cause.infection', '7 (24.1%)'],
      ['cause.heart failure', '3 (10.3%)'],
    ];
    for (const [k, v] of t3) await expect(row(page, 'table3', k)).toHaveText(v);
  });

  test('CSV and figure downloads carry population, cut-off and method', async ({ page }) => {
    await page.goto(`/dashboard/tables?${CUTOFF}&population=discontinued`);
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('table-table1').getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    const text = fs.readFileSync(await csv.path(), 'utf8');
    expect(text).toContain('22 (59.5%)');
    expect(text).toContain('Cut-off,2017-06-30');
    expect(text).toContain('Population,patients who discontinued ibrutinib');
    await page.goto(`/dashboard/survival?${CUTOFF}&preset=fig1`);
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download SVG' }).click()]);
    const svgText = fs.readFileSync(await svg.path(), 'utf8');
    expect(svgText).toContain('<svg');
    expect(svgText).toContain('Cut-off: 2017-06-30');
    // The legend is in the file; Fig 1 has one group, so no test to print.
    expect(svgText).toContain('All (n = 37)');
    expect(svgText).not.toContain('data-testid="plot-annotation"');
    await page.goto(`/dashboard/survival?${CUTOFF}&preset=fig2`);
    const [svg2] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download SVG' }).click()]);
    const svg2Text = fs.readFileSync(await svg2.path(), 'utf8');
    expect(svg2Text).toContain('Log-rank p = 0.81');
    expect(svg2Text).toMatch(/HR \d\.\d\d \(95% CI /);
    expect(svg2Text).toContain('Progression (n = 14)');
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PNG' }).click()]);
    const head = fs.readFileSync(await png.path()).subarray(0, 8);
    expect(head.toString('hex')).toBe('89504e470d0a1a0a');
  });

  test('preset buttons use the paper cut-off, whatever the current one', async ({ page }) => {
    await page.goto('/dashboard/survival?population=all&endpoint=os_start');
    await expect(page.getByTestId('preset-note')).toContainText('2017-06-30');
    await page.getByRole('link', { name: /^Fig 2/ }).click();
    await expect(page.locator('#cutoff')).toHaveValue('2017-06-30');
    await expect(page.getByTestId('logrank-p')).toHaveText('p = 0.81');
  });

  test('the population label says what was analysed', async ({ page }) => {
    await page.goto(`/dashboard/survival?${CUTOFF}&population=all&endpoint=os_disc`);
    await expect(page.getByTestId('provenance').first())
      .toContainText('Population: all patients → discontinued patients (the endpoint starts at discontinuation), n = 37');
    await expect(page.locator('#km-plot')).toContainText('all patients → discontinued patients');
  });

  test('bad query parameters are reported, not silently replaced', async ({ page }) => {
    const today = new Date().toISOString().slice(0, 10);
    const said = { abc: 'Cut-off "abc" is not a date (YYYY-MM-DD)', '2099-01-01': 'Cut-off 2099-01-01 is in the future' };
    for (const [bad, message] of Object.entries(said)) {
      await page.goto(`/dashboard/survival?cutoff=${bad}`);
      await expect(page.getByTestId('query-notices')).toContainText(`${message}; using today, ${today}.`);
      await expect(page.locator('#cutoff')).toHaveValue(today);
    }
    await page.goto(`/dashboard/survival?${CUTOFF}&endpoint=bogus&group=bogus&ci=bogus&population=bogus`);
    const notices = page.getByTestId('query-notices');
    await expect(notices).toContainText('Unknown endpoint "bogus" ignored; using "os_disc"');
    await expect(notices).toContainText('Unknown grouping "bogus" ignored; using "none"');
    await expect(notices).toContainText('Unknown CI transform "bogus" ignored; using "log"');
    await expect(notices).toContainText('Unknown population "bogus" ignored; using "discontinued"');
    await page.goto(`/dashboard/tables?${CUTOFF}&centre=ZZ-99`);
    await expect(page.getByTestId('query-notices')).toContainText('Centre ZZ-99 has no patients in your scope');
    await page.goto(`/dashboard/survival?${CUTOFF}&preset=fig2`);
    await expect(page.getByTestId('query-notices')).toHaveCount(0);
  });

  test('KM plot: CI band to the last step, legend beside the curves, whole labels', async ({ page }) => {
    await page.goto(`/dashboard/survival?${CUTOFF}&preset=fig2`);
    // The band of "Adverse event + other" runs with its curve to the last event (16.7 months).
    const right = (sel: string) => page.locator(sel).evaluate((el) => { const b = (el as SVGGraphicsElement).getBBox(); return b.x + b.width; });
    const label = 'Adverse event + other (n = 23)';
    const lineEnd = await right(`#km-plot path[data-series="${label}"]`);
    expect(await right(`#km-plot path[data-ci="${label}"]`)).toBeCloseTo(lineEnd, 0);
    await expect(page.locator('#km-plot')).toContainText('Adverse event + other');
    await keepFigure(page, 'layout-fig2');
    await page.goto(`/dashboard/survival?${CUTOFF}&population=all&endpoint=os_start&group=centre`);
    // The legend sits right of the plot area, level with it (not under the axis, not over the curves).
    const plotBox = await page.getByTestId('plot-hover-area').evaluate((el) => { const b = el.getBoundingClientRect(); return { right: b.right, top: b.top, bottom: b.bottom }; });
    const legendBox = await page.getByTestId('plot-legend').evaluate((el) => { const b = el.getBoundingClientRect(); return { left: b.left, top: b.top }; });
    expect(legendBox.left).toBeGreaterThan(plotBox.right);
    expect(legendBox.top).toBeLessThan(plotBox.bottom);
    // Eight centres: the CIs are dotted limit lines, not eight overlapping fills.
    await expect(page.locator('#km-plot path[data-ci]').first()).toHaveAttribute('fill', 'none');
    await expect(page.locator('#km-plot [data-testid="plot-annotation"]')).toContainText('Log-rank p');
    // The plot fills the card (it used to take about half of it).
    const plotW = await page.locator('#km-plot').evaluate((el) => el.getBoundingClientRect().width);
    const cardW = await page.locator('figure.card').evaluate((el) => el.getBoundingClientRect().width);
    expect(plotW).toBeGreaterThan(cardW * 0.8);
    await page.screenshot({ path: path.join(ARTIFACTS, 'layout-centre.png'), fullPage: true });
    await page.locator('form[aria-label="Analysis settings"]').screenshot({ path: path.join(ARTIFACTS, 'layout-controls.png') });
  });

  test('competing risks with Gray’s test', async ({ page }) => {
    await page.goto(`/dashboard/competing-risks?${CUTOFF}&population=all&cif=progression_type&group=del17p`);
    await expect(page.getByTestId('gray-test')).toContainText('Gray’s test, Richter transformation: p =');
    await expect(page.locator('#cif-plot [data-testid="plot-annotation"]')).toContainText('Gray’s test, Richter transformation: p');
    await keepFigure(page, 'cif-rt-vs-cll-by-del17p');
    // Without a grouping: two curves, each with its shaded 95% band.
    await page.goto(`/dashboard/competing-risks?${CUTOFF}&population=all&cif=discontinuation`);
    await expect(page.locator('#cif-plot path[data-ci]')).toHaveCount(2);
    await expect(page.locator('#cif-plot path[data-ci="Adverse event"]')).toHaveAttribute('d', /\d/);
    await keepFigure(page, 'cif-discontinuation');
  });

  test('the Population / Cut-off / Method caption appears once per card and once per page', async ({ page }) => {
    const pages = [`/dashboard/survival?${CUTOFF}&preset=fig2`, `/dashboard/competing-risks?${CUTOFF}&group=sex`, `/dashboard/tables?${CUTOFF}`, `/dashboard?${CUTOFF}`];
    for (const url of pages) {
      await page.goto(url);
      const perCard = await page.locator('main .card').evaluateAll((cards) => cards.map((c) => (c.textContent ?? '').split('Population:').length - 1));
      expect(perCard.every((n) => n <= 1), `${url}: ${perCard.join(',')}`).toBe(true);
      const onPage = await page.locator('main').evaluate((m) => (m.textContent ?? '').split('Population:').length - 1);
      expect(onPage, url).toBe(1);
    }
  });
});

test('the PL-01 investigator sees only PL-01 in pages and downloads', async ({ page, request }) => {
  await loginAs(page, 'investigatorPl01');
  await page.goto(`/dashboard?${CUTOFF}`);
  await expect(page.getByTestId('patients')).toHaveText('38');
  await expect(page.getByTestId('table-centres').locator('tbody tr')).toHaveCount(1);
  await expect(row(page, 'centres', 'PL-01')).toHaveText('38');
  // Asking for another centre yields nothing, not that centre's data.
  await page.goto(`/dashboard/tables?${CUTOFF}&population=all&centre=PL-02`);
  await expect(page.getByTestId('population-n')).toHaveText('0 patients in the population');
  await page.goto(`/dashboard/survival?${CUTOFF}&preset=fig1`);
  const pl01Discontinued = await page.getByTestId('table-survival-summary').locator('tr[data-row="All"] td').nth(1).textContent();
  expect(Number(pl01Discontinued)).toBeLessThan(37);
  const cookies = await page.context().cookies();
  const res = await request.get(`/dashboard/export?${CUTOFF}&population=all&table=centres&page=overview`, {
    headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
  });
  expect(res.status()).toBe(200);
  const csv = await res.text();
  expect(csv).toContain('PL-01,38');
  expect(csv).not.toContain('PL-02');
});

test('CSV downloads need a session', async ({ request }) => {
  const res = await request.get(`/dashboard/export?${CUTOFF}&table=table1`, { maxRedirects: 0 });
  expect([401, 307, 302]).toContain(res.status());
  expect(await res.text()).not.toContain('59.5%');
});
