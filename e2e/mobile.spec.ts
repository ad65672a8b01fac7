import { expect, test, type Page } from '@playwright/test';
import { loginAs, type DemoRole } from './helpers';

/**
 * Phone-sized screen (390 × 844 CSS px, an investigator entering a CRF at the bedside): no page may
 * scroll sideways as a whole — wide tables and plots scroll inside their own box — and the main nav
 * stays visible, on screen and usable by touch and keyboard. Read-only: it changes no data.
 */
// No isMobile: mobile emulation zooms out to fit an overflowing page, which would hide the fault.
test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

// PL-01-030: discontinued (Richter transformation), a subsequent therapy, dead — every CRF filled.
// PL-01-006: discontinued for an adverse event — the CTCAE picker shows a term and its grade texts.
const PATIENT = 'PL-01-030';
const AE_PATIENT = 'PL-01-006';
const CRF_PAGES = ['baseline', 'response', 'discontinuation', 'therapies', 'follow-up'];
const CUTOFF = 'cutoff=2017-06-30';

const NAV: Record<DemoRole, string[]> = {
  investigatorPl01: ['Patients', 'Dashboards', 'Import / export'],
  investigatorPl02: ['Patients', 'Dashboards', 'Import / export'],
  coordinator: ['Patients', 'Dashboards', 'Audit trail', 'Import / export'],
  admin: ['Patients', 'Dashboards', 'Audit trail', 'Import / export', 'Users', 'Centres'],
};

/** What sticks out past the right edge of the screen, for a failure message a person can act on. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const culprits: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= width + 0.5) continue;
      // Inside a box that scrolls on its own (a .table-wrap), sticking out is the point.
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX;
        if (ox !== 'visible' && ox !== 'clip' && p.getBoundingClientRect().right <= width + 0.5) { clipped = true; break; }
      }
      if (clipped) continue;
      // Report the outermost offender of a branch only.
      if (culprits.length < 6 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 0.5)) {
        const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        culprits.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls} right=${Math.round(r.right)}`);
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, culprits };
  });
}

async function expectNoSidewaysScroll(page: Page, path: string) {
  const res = await page.goto(path);
  expect(res?.status(), `${path} answered`).toBeLessThan(400);
  await expect(page.locator('main h1').first()).toBeVisible();
  const o = await overflow(page);
  // Soft: one run names every page at fault.
  expect.soft(o.scrollWidth, `${path} is ${o.scrollWidth}px wide on a ${o.innerWidth}px screen: ${o.culprits.join(', ')}`)
    .toBeLessThanOrEqual(o.innerWidth);
}

/** Every main-nav link (and Log out) is on screen, big enough to tap, and reachable by Tab. */
async function expectNavUsable(page: Page, role: DemoRole) {
  await page.goto('/patients');
  const nav = page.getByRole('navigation', { name: 'Main' });
  const targets = [...NAV[role].map((name) => nav.getByRole('link', { name, exact: true })), nav.getByRole('button', { name: 'Log out' })];
  for (const t of targets) {
    await expect(t).toBeVisible();
    const box = await t.boundingBox();
    expect(box, 'nav target laid out').not.toBeNull();
    if (!box) continue;
    const name = await t.innerText();
    expect.soft(box.x, `${name} starts on screen`).toBeGreaterThanOrEqual(0);
    expect.soft(box.x + box.width, `${name} ends on screen`).toBeLessThanOrEqual(390);
    expect.soft(box.height, `${name} is tall enough to tap`).toBeGreaterThanOrEqual(40);
  }
  // Keyboard, from a freshly loaded page: the skip link first, then the first nav link.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(nav.getByRole('link', { name: 'Patients', exact: true })).toBeFocused();
  // Touch: a tap on a nav link navigates (nothing hidden behind hover).
  await nav.getByRole('link', { name: 'Dashboards', exact: true }).tap();
  await expect(page).toHaveURL(/\/dashboard$/);
}

test('login page fits a phone screen', async ({ page }) => {
  await expectNoSidewaysScroll(page, '/login');
  const box = await page.getByLabel('Email').boundingBox();
  expect(box && box.x + box.width).toBeLessThanOrEqual(390);
});

test('investigator: patients, every CRF form, dashboards and data fit a phone screen', async ({ page }) => {
  await loginAs(page, 'investigatorPl01');
  const paths = [
    '/patients', '/patients?vital=dead&sort=ibrutinib&dir=desc', `/patients/${PATIENT}`,
    ...CRF_PAGES.map((f) => `/patients/${PATIENT}/${f}`), `/patients/${AE_PATIENT}/discontinuation`,
    '/patients/new', '/patients/checks',
    `/dashboard?${CUTOFF}`, `/dashboard/survival?${CUTOFF}&preset=fig2`, `/dashboard/tables?${CUTOFF}`,
    `/dashboard/competing-risks?${CUTOFF}`, '/data',
  ];
  for (const path of paths) await expectNoSidewaysScroll(page, path);

  // A CRF form is one column: every input, select and textarea fits inside the screen.
  await page.goto(`/patients/${PATIENT}/baseline`);
  for (const box of await page.locator('main form').first().locator('input:not([type=checkbox]):not([type=radio]), select, textarea')
    .evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { left: r.left, right: r.right, h: r.height }; }))) {
    expect.soft(box.left).toBeGreaterThanOrEqual(0);
    expect.soft(box.right).toBeLessThanOrEqual(390);
    expect.soft(box.h).toBeGreaterThanOrEqual(40);
  }
  // Kept with the run's results, for a person to judge that it also looks tidy.
  await page.screenshot({ path: test.info().outputPath('crf-baseline.png'), fullPage: true });
  await expectNavUsable(page, 'investigatorPl01');
});

test('coordinator: audit trail, all-centre dashboards and checks fit a phone screen', async ({ page }) => {
  await loginAs(page, 'coordinator');
  const paths = [
    '/patients', `/patients/${PATIENT}`, `/patients/${PATIENT}/discontinuation`, '/patients/checks', '/audit',
    `/dashboard/survival?${CUTOFF}&preset=fig1`, `/dashboard/survival?${CUTOFF}&population=all&endpoint=os_start&group=centre`,
    `/dashboard/tables?${CUTOFF}&population=all`, '/data',
  ];
  for (const path of paths) await expectNoSidewaysScroll(page, path);
  // The plot keeps a legible width and scrolls inside its card: the card fits, the plot pans.
  await page.goto(`/dashboard/survival?${CUTOFF}&preset=fig1`);
  const figure = page.locator('main figure', { has: page.locator('svg[role=img]') });
  const card = await figure.boundingBox();
  expect(card && card.x + card.width).toBeLessThanOrEqual(390);
  expect(await figure.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
  await figure.evaluate((e) => { e.scrollLeft = e.scrollWidth; });
  expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(390);
  // Touch: a tap on the plot shows the values at that time (there is no hover on a phone).
  await page.getByTestId('plot-hover-area').tap();
  await expect(page.getByTestId('plot-tooltip')).toContainText('months');
  // The card's download buttons stay on screen (sticky) while the plot pans.
  const download = await figure.getByRole('button', { name: 'Download SVG' }).boundingBox();
  expect(download?.x).toBeGreaterThanOrEqual(0);
  expect(download && download.x + download.width).toBeLessThanOrEqual(390);
  await figure.screenshot({ path: test.info().outputPath('survival-plot-panned.png') });
  await expectNavUsable(page, 'coordinator');
});

test('admin: user and centre administration fits a phone screen', async ({ page }) => {
  await loginAs(page, 'admin');
  await page.screenshot({ path: test.info().outputPath('admin-header.png') });
  await expectNoSidewaysScroll(page, '/admin/users');
  const userHref = await page.getByRole('link', { name: 'Manage coordinator@demo.cll-registry.org' }).getAttribute('href');
  await expectNoSidewaysScroll(page, '/admin/centres');
  const centreHref = await page.getByRole('link', { name: 'Manage centre PL-01' }).getAttribute('href');
  for (const path of ['/admin/users/new', userHref ?? '/admin/users', centreHref ?? '/admin/centres', '/audit']) {
    await expectNoSidewaysScroll(page, path);
  }
  await expectNavUsable(page, 'admin');
});
