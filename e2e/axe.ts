import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/** WCAG 2.0 and 2.1, levels A and AA: what issue 16 asks every page to pass. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core on the page as it is now. Every serious or critical violation is a soft failure
 * naming the rule, the elements (CSS selectors) and the rule's help page, so one run lists every
 * page at fault; moderate and minor findings do not fail the run and are listed as the test's
 * annotations for review.
 */
export async function checkCurrentPage(page: Page, where: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of violations.filter((x) => !bad.includes(x))) {
    test.info().annotations.push({ type: `axe ${v.impact ?? ''}`, description: `${where}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})` });
  }
  const described = bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n    ${v.nodes.slice(0, 6).map((n) => n.target.join(' ')).join('\n    ')}`);
  expect.soft(described, `axe on ${where}`).toEqual([]);
}
