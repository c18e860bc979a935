import { scrollSectionTo, topBelowBar } from '../support/section-scroll.ts';
import { shoot } from '../support/shots.ts';
import { expect, expectNoPageErrors, openLive, section, test, upsertAll } from './fixtures.ts';

/*
 * Where the reader is survives a reload (by section: the same words come back to the same
 * place even when the agent wrote above them meanwhile), and what the page's scroll anchoring
 * keeps out of sight above the reader is announced: "15 new events above", with a way up.
 */

const COUNT = 30;
const tall = (i: number) =>
  Array.from({ length: 5 }, (_, k) => `Paragraph ${k} of section ${i}. Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.`).join('\n\n');
const SECTIONS = Array.from({ length: COUNT }, (_, i) => ({ id: `s${i}`, type: 'markdown', title: `Section ${i}`, text: tall(i) }));

test('a reload comes back to the section being read, even after sections were added above it meanwhile', async ({ page, api }) => {
  const id = await api.artifact('Long read', upsertAll(SECTIONS));
  await page.setViewportSize({ width: 1000, height: 700 });
  await openLive(page, id);
  await scrollSectionTo(page, 's18', 140);

  // While the page reloads (after it left, before the new one syncs), the agent adds two
  // sections above: the same scrollY would now show other text.
  let inserted = false;
  await page.route('**/api/config', async (route) => {
    if (!inserted) {
      inserted = true;
      await api.ops(id, [
        { op: 'section.upsert', after: 's2', section: { id: 'new-a', type: 'markdown', title: 'New A', text: tall(100) } },
        { op: 'section.upsert', after: 'new-a', section: { id: 'new-b', type: 'markdown', title: 'New B', text: tall(101) } },
      ]);
    }
    await route.continue();
  });
  const scrollBefore = await page.evaluate(() => window.scrollY);
  await page.reload();
  await expect(page.locator('la-live-view[data-synced]')).toBeAttached();
  expect(inserted).toBe(true);
  await expect(section(page, 'new-b')).toBeAttached();
  // Held there while what renders above it later (toolbar, lineage, comment controls) arrives.
  await expect.poll(async () => Math.abs((await topBelowBar(page, 's18')) - 140), { message: 'the section read before the reload is where it was' }).toBeLessThanOrEqual(2);
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(scrollBefore);

  // Inside a long section (its top above the view) the offset is kept too.
  await scrollSectionTo(page, 's10', -120);
  await page.unroute('**/api/config');
  await page.reload();
  await expect(page.locator('la-live-view[data-synced]')).toBeAttached();
  await expect.poll(async () => Math.abs((await topBelowBar(page, 's10')) + 120)).toBeLessThanOrEqual(2);

  // A later visit that is not a reload (opened from the gallery) starts at the top.
  await page.goto('/');
  await page.locator(`a.gallery__card[data-artifact-id="${id}"]`).click();
  await expect(page.locator('la-live-view[data-synced]')).toBeAttached();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  expectNoPageErrors(page);
});

test('events and sections added above the reader are announced, and "jump up" goes there', async ({ page, api }) => {
  const sections = [...SECTIONS.slice(0, 4), { id: 'log', type: 'timeline', title: 'Timeline', events: [] }, ...SECTIONS.slice(4)];
  const id = await api.artifact('Busy incident', upsertAll(sections));
  await page.setViewportSize({ width: 1000, height: 700 });
  await openLive(page, id);
  await scrollSectionTo(page, 's20', 150);
  const notice = page.getByTestId('new-above');
  await expect(notice).toHaveCount(0);

  // Fifteen events in three batches, all above the reader: the view does not move...
  for (let batch = 0; batch < 3; batch++) {
    await api.ops(
      id,
      Array.from({ length: 5 }, (_, k) => ({
        op: 'timeline.append',
        id: 'log',
        event: { id: `e${batch * 5 + k}`, at: new Date(Date.UTC(2026, 0, 1, 10, batch * 5 + k)).toISOString(), title: `Event ${batch * 5 + k}` },
      })),
    );
  }
  await expect(section(page, 'log').locator('.la-timeline__event')).toHaveCount(15);
  expect(Math.abs((await topBelowBar(page, 's20')) - 150)).toBeLessThanOrEqual(2);
  // ...so the page says what arrived, politely.
  await expect(notice).toHaveText(/15 new events above/);
  await expect(page.getByTestId('live-notices')).toHaveAttribute('aria-live', 'polite');
  await shoot(page, 'new-above');

  await notice.getByTestId('jump-to-new').click();
  await expect(notice).toHaveCount(0);
  await expect.poll(() => topBelowBar(page, 'log')).toBeLessThanOrEqual(20);
  expect(await topBelowBar(page, 'log')).toBeGreaterThanOrEqual(0);
  await expect(section(page, 'log')).toBeFocused();

  // A section added above later: counted apart from events; dismissed with ×.
  await scrollSectionTo(page, 's20', 150);
  await api.ops(id, [{ op: 'section.upsert', after: 's1', section: { id: 'fresh', type: 'callout', tone: 'info', text: 'Root cause found.' } }]);
  await expect(notice).toHaveText(/1 new section above/);
  await notice.getByRole('button', { name: 'Dismiss the new content notice' }).click();
  await expect(notice).toHaveCount(0);

  // Nothing is announced for what arrives below the reader, or when the reader is at the top.
  await api.ops(id, [{ op: 'section.upsert', after: 's25', section: { id: 'below', type: 'markdown', text: 'Below.' } }]);
  await expect(section(page, 'below')).toBeAttached();
  await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
  await api.ops(id, [{ op: 'section.upsert', after: null, section: { id: 'top', type: 'markdown', text: 'At the top.' } }]);
  await expect(section(page, 'top')).toBeVisible();
  await expect(notice).toHaveCount(0);
  expectNoPageErrors(page);
});

test('scrolling up to what is new clears the notice', async ({ page, api }) => {
  const id = await api.artifact('Scroll up', upsertAll(SECTIONS));
  await page.setViewportSize({ width: 390, height: 800 });
  await openLive(page, id);
  await scrollSectionTo(page, 's15', 100);
  await api.ops(id, [{ op: 'section.upsert', after: 's12', section: { id: 'n1', type: 'markdown', text: 'New one.' } }]);
  const notice = page.getByTestId('new-above');
  await expect(notice).toHaveText(/1 new section above/);
  // Fits the phone: inside the viewport, nothing overflows sideways.
  const box = await notice.boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
  await shoot(page, 'new-above-phone');
  await section(page, 'n1').scrollIntoViewIfNeeded();
  await expect(notice).toHaveCount(0);
});
