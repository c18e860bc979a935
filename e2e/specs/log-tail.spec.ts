import type { Page } from '@playwright/test';
import { shoot } from '../support/shots.ts';
import { expect, expectNoPageErrors, openLive, section, test } from './fixtures.ts';

/*
 * A log section that grows follows its tail: a reader at the bottom of its scroll box stays at
 * the bottom as lines arrive; one who scrolled up stays where they are and is offered
 * "New lines ↓", which takes them back to the tail.
 */

const lines = (from: number, count: number) => Array.from({ length: count }, (_, i) => `[build] step ${from + i}: compiling module-${from + i}.ts … ok`).join('\n') + '\n';

interface BoxState {
  scrollTop: number;
  /** px between the bottom of what is visible and the end of the content. */
  belowView: number;
  scrollable: boolean;
}

function box(page: Page): Promise<BoxState> {
  return section(page, 'build')
    .locator('.la-code__scroll')
    .evaluate((el) => ({ scrollTop: el.scrollTop, belowView: el.scrollHeight - el.scrollTop - el.clientHeight, scrollable: el.scrollHeight > el.clientHeight }));
}

test('a growing log stays at its tail, and does not jump once the reader scrolls up', async ({ page, api }) => {
  const id = await api.artifact('Deploy 42', [
    { op: 'section.upsert', section: { id: 'intro', type: 'markdown', title: 'Summary', text: 'Deploying **api** to production. The build log below follows the newest line.' } },
    { op: 'section.upsert', section: { id: 'build', type: 'code', title: 'Build log', language: 'log', code: lines(1, 60) } },
  ]);
  await page.setViewportSize({ width: 1100, height: 900 });
  await openLive(page, id);
  const log = section(page, 'build');
  await expect(log.locator('.la-code__lang')).toHaveText('log · 60 lines');
  // Opens at its tail, in a bounded box.
  await expect.poll(async () => (await box(page)).belowView).toBeLessThanOrEqual(1);
  expect((await box(page)).scrollable).toBe(true);

  await api.ops(id, [{ op: 'text.append', id: 'build', text: lines(61, 5) }]);
  await expect(log).toContainText('step 65:');
  await expect.poll(async () => (await box(page)).belowView).toBeLessThanOrEqual(1);
  await expect(log.getByRole('button', { name: 'New lines ↓' })).toHaveCount(0);
  await shoot(page, 'log-following');

  // The reader scrolls up to read something: new lines must not move it.
  await log.locator('.la-code__scroll').evaluate((el) => el.scrollTo({ top: 200, behavior: 'instant' }));
  await expect.poll(async () => (await box(page)).scrollTop).toBe(200);
  await api.ops(id, [{ op: 'text.append', id: 'build', text: lines(66, 10) }]);
  await expect(log).toContainText('step 75:');
  const more = log.getByRole('button', { name: 'New lines ↓' });
  await expect(more).toBeVisible();
  expect((await box(page)).scrollTop).toBe(200);
  await api.ops(id, [{ op: 'text.append', id: 'build', text: lines(76, 3) }]);
  await expect(log).toContainText('step 78:');
  expect((await box(page)).scrollTop).toBe(200);
  await shoot(page, 'log-scrolled-up');

  // "New lines ↓" goes back to the tail, and following resumes.
  await more.click();
  await expect.poll(async () => (await box(page)).belowView).toBeLessThanOrEqual(1);
  await expect(more).toHaveCount(0);
  await api.ops(id, [{ op: 'text.append', id: 'build', text: lines(79, 4) }]);
  await expect(log).toContainText('step 82:');
  await expect.poll(async () => (await box(page)).belowView).toBeLessThanOrEqual(1);

  // Scrolling back down by hand also resumes following and hides the offer.
  await log.locator('.la-code__scroll').evaluate((el) => el.scrollTo({ top: 0, behavior: 'instant' }));
  await api.ops(id, [{ op: 'text.append', id: 'build', text: lines(83, 2) }]);
  await expect(more).toBeVisible();
  await log.locator('.la-code__scroll').evaluate((el) => el.scrollTo({ top: el.scrollHeight, behavior: 'instant' }));
  await expect(more).toHaveCount(0);
  await expect(log.locator('.la-code__lang')).toHaveText('log · 84 lines');
  expectNoPageErrors(page);
});
