import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/** The rule sets every page is held to: WCAG 2.0 and 2.1, levels A and AA, and axe's best practices. */
export const A11Y_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] as const;

/** Impacts that fail a check; `minor` and `moderate` ones are reported, not failed. */
const FAILING_IMPACTS = new Set(['serious', 'critical']);

export interface A11yFinding {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  targets: string[];
}

export interface A11yCheckOptions {
  /** CSS selectors axe should skip (something a page embeds but does not own). */
  exclude?: string[];
  /** Limit the check to one part of the page (e.g. an open dialog). */
  include?: string;
}

/**
 * Runs axe-core on what the page shows now and fails listing every serious or critical
 * violation (rule, impact, target selectors, help). Minor and moderate ones are attached to the
 * test report and printed, so they are seen without blocking. `label` names the page and state
 * in the failure message ("live view, 390 px"). Returns every finding, for specs that want to
 * count them.
 *
 * Frames are checked too (axe follows iframes it can reach), so a version page also checks the
 * frozen HTML it embeds.
 */
export async function expectNoSeriousA11yViolations(page: Page, label: string, options: A11yCheckOptions = {}): Promise<A11yFinding[]> {
  let builder = new AxeBuilder({ page }).withTags([...A11Y_TAGS]);
  if (options.include) builder = builder.include(options.include);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  const findings: A11yFinding[] = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    helpUrl: v.helpUrl,
    targets: v.nodes.map((n) => n.target.map(String).join(' >>> ')),
  }));
  const failing = findings.filter((f) => FAILING_IMPACTS.has(f.impact));
  const lesser = findings.filter((f) => !FAILING_IMPACTS.has(f.impact));
  if (lesser.length) {
    const text = formatFindings(lesser);
    await test.info().attach(`a11y-minor: ${label}`, { body: text, contentType: 'text/plain' });
    process.stdout.write(`[a11y] ${label}: ${lesser.length} minor/moderate\n${text}\n`);
  }
  expect(failing, `serious/critical accessibility violations on ${label}:\n${formatFindings(failing)}`).toEqual([]);
  return findings;
}

export function formatFindings(findings: readonly A11yFinding[]): string {
  return findings.map((f) => `  [${f.impact}] ${f.id}: ${f.help} (${f.helpUrl})\n${f.targets.map((t) => `      ${t}`).join('\n')}`).join('\n');
}

/** Phone width every page is also checked at (an iPhone 12–15 in portrait). */
export const PHONE_VIEWPORT = { width: 390, height: 844 } as const;
export const DESKTOP_VIEWPORT = { width: 1280, height: 800 } as const;

/**
 * The check at desktop width and at 390 px, leaving the viewport as it was. Each width is its
 * own label ("gallery @ 390px").
 */
export async function expectNoSeriousA11yViolationsAtBothWidths(page: Page, label: string, options: A11yCheckOptions = {}): Promise<void> {
  const before = page.viewportSize();
  for (const [name, size] of [['desktop', DESKTOP_VIEWPORT], ['390px', PHONE_VIEWPORT]] as const) {
    await page.setViewportSize(size);
    await settle(page);
    await expectNoSeriousA11yViolations(page, `${label} @ ${name}`, options);
  }
  if (before) await page.setViewportSize(before);
}

/** Two animation frames: layout after a resize has happened. */
export function settle(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}
