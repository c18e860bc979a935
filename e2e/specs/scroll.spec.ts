import type { Page } from '@playwright/test';
import { expect, expectNoPageErrors, openLive, section, test, upsertAll } from './fixtures.ts';

/*
 * What the reader looks at stays put while the agent writes above it. The anchor is the first
 * section whose top is fully visible below the sticky top bar. A sampler records that
 * section's position on every animation frame, so a jump that is corrected a frame later
 * still fails the test.
 */

const COUNT = 40;
const tall = (i: number) =>
  Array.from({ length: 6 }, (_, k) => `Paragraph ${k} of section ${i}. Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.`).join('\n\n');
const SECTIONS = Array.from({ length: COUNT }, (_, i) => ({ id: `s${i}`, type: 'markdown', title: `Section ${i}`, text: tall(i) }));

interface Sampler {
  id: string;
  start: number;
  samples: number[];
  stop: boolean;
}
type SamplerWindow = Window & { __sampler?: Sampler };

/** Scrolls so that section `id` starts 150 px below the top bar, and waits until it is there. */
async function scrollToSection(page: Page, id: string): Promise<void> {
  await page.evaluate((sid) => {
    const el = document.querySelector(`la-section[data-section-id="${sid}"]`)!;
    const bar = document.querySelector('.app-bar')?.getBoundingClientRect().height ?? 0;
    window.scrollTo({ top: window.scrollY + el.getBoundingClientRect().top - bar - 150, behavior: 'instant' });
  }, id);
  await expect
    .poll(() =>
      page.evaluate((sid) => {
        const bar = document.querySelector('.app-bar')?.getBoundingClientRect().height ?? 0;
        return Math.round(document.querySelector(`la-section[data-section-id="${sid}"]`)!.getBoundingClientRect().top - bar);
      }, id),
    )
    .toBe(150);
}

/** The reader's anchor: the first section whose top is at or below the top bar. */
async function startSampler(page: Page): Promise<{ id: string; top: number; scrollY: number }> {
  return page.evaluate(() => {
    const bar = document.querySelector('.app-bar')?.getBoundingClientRect().height ?? 0;
    const anchor = [...document.querySelectorAll<HTMLElement>('la-section')].find((el) => el.getBoundingClientRect().top >= bar);
    if (!anchor) throw new Error('no section in view');
    const sampler: Sampler = { id: anchor.dataset['sectionId']!, start: anchor.getBoundingClientRect().top, samples: [], stop: false };
    const tick = () => {
      if (sampler.stop) return;
      sampler.samples.push(anchor.getBoundingClientRect().top);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    (window as unknown as SamplerWindow).__sampler = sampler;
    return { id: sampler.id, top: sampler.start, scrollY: window.scrollY };
  });
}

/** Stops the sampler; returns the anchor's current top, the worst per-frame drift and scrollY. */
async function stopSampler(page: Page): Promise<{ top: number; maxDrift: number; frames: number; scrollY: number }> {
  // Let at least two more frames be painted after the change before stopping.
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  return page.evaluate(() => {
    const sampler = (window as unknown as SamplerWindow).__sampler!;
    sampler.stop = true;
    const el = document.querySelector(`la-section[data-section-id="${sampler.id}"]`)!;
    const top = el.getBoundingClientRect().top;
    const maxDrift = Math.max(0, ...sampler.samples.map((t) => Math.abs(t - sampler.start)));
    return { top, maxDrift, frames: sampler.samples.length, scrollY: window.scrollY };
  });
}

const sectionHeight = (page: Page, id: string) => section(page, id).evaluate((el) => el.getBoundingClientRect().height);

test('the section being read stays put while content above grows or is inserted', async ({ page, api }) => {
  const id = await api.artifact('Long document', upsertAll(SECTIONS));
  await page.setViewportSize({ width: 1000, height: 700 });
  await openLive(page, id);
  await expect(page.locator('la-section')).toHaveCount(COUNT);
  await scrollToSection(page, 's20');

  // 1. A section far above the viewport grows (streamed text).
  const anchor = await startSampler(page);
  expect(anchor.id).toBe('s20');
  const heightBefore = await sectionHeight(page, 's3');
  await api.ops(id, [{ op: 'text.append', id: 's3', text: Array.from({ length: 30 }, (_, k) => `\n\nGrown line ${k}.`).join('') }]);
  await expect(section(page, 's3')).toContainText('Grown line 29.');
  let after = await stopSampler(page);
  const grownBy = (await sectionHeight(page, 's3')) - heightBefore;
  expect(grownBy).toBeGreaterThan(300);
  expect(Math.abs(after.top - anchor.top), 'anchor top after growth').toBeLessThanOrEqual(2);
  expect(after.maxDrift, 'anchor drift in any frame').toBeLessThanOrEqual(2);
  expect(after.frames).toBeGreaterThan(0);
  expect(Math.abs(after.scrollY - anchor.scrollY - grownBy), 'scrollY followed the growth').toBeLessThanOrEqual(2);

  // 2. A new section is inserted above the viewport.
  const anchor2 = await startSampler(page);
  expect(anchor2.id).toBe('s20');
  await api.ops(id, [{ op: 'section.upsert', after: 's5', section: { id: 'inserted', type: 'markdown', title: 'Inserted', text: tall(99) } }]);
  await expect(section(page, 'inserted')).toContainText('section 99');
  after = await stopSampler(page);
  const insertedHeight = await sectionHeight(page, 'inserted');
  expect(Math.abs(after.top - anchor2.top), 'anchor top after insert').toBeLessThanOrEqual(2);
  expect(after.maxDrift).toBeLessThanOrEqual(2);
  expect(after.scrollY - anchor2.scrollY, 'scrollY grew by about the new section').toBeGreaterThanOrEqual(insertedHeight);

  // 3. A section above is removed: the view moves up by as much, the reader does not notice.
  const anchor3 = await startSampler(page);
  await api.ops(id, [{ op: 'section.remove', id: 's1' }]);
  await expect(section(page, 's1')).toHaveCount(0);
  after = await stopSampler(page);
  expect(Math.abs(after.top - anchor3.top), 'anchor top after removal').toBeLessThanOrEqual(2);
  expect(after.maxDrift).toBeLessThanOrEqual(2);
  expect(after.scrollY).toBeLessThan(anchor3.scrollY);
  expectNoPageErrors(page);
});

test('at the very top the page stays at the top when a section is inserted first', async ({ page, api }) => {
  const id = await api.artifact('Top', upsertAll(SECTIONS.slice(0, 10)));
  await page.setViewportSize({ width: 1000, height: 700 });
  await openLive(page, id);
  await expect(page.locator('la-section')).toHaveCount(10);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);

  await api.ops(id, [
    { op: 'section.upsert', after: null, section: { id: 'first', type: 'callout', tone: 'info', text: 'Newest news, on top.' } },
    { op: 'text.append', id: 's0', text: '\n\nMore text in the first section.' },
  ]);
  await expect(section(page, 'first')).toBeVisible();
  await expect(section(page, 's0')).toContainText('More text in the first section.');
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await expect(section(page, 'first')).toBeInViewport();
  expectNoPageErrors(page);
});

test('at the very bottom the page follows new content', async ({ page, api }) => {
  const id = await api.artifact('Log', upsertAll(SECTIONS.slice(0, 10)));
  await page.setViewportSize({ width: 1000, height: 700 });
  await openLive(page, id);
  await page.evaluate(() => window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' }));
  const atBottom = () => page.evaluate(() => Math.abs(window.scrollY + window.innerHeight - document.documentElement.scrollHeight) <= 2);
  await expect.poll(atBottom).toBe(true);
  const y = await page.evaluate(() => window.scrollY);

  await api.ops(id, [{ op: 'section.upsert', after: 's9', section: { id: 'tail', type: 'markdown', text: tall(100) } }]);
  await expect(section(page, 'tail')).toBeAttached();
  await expect.poll(atBottom).toBe(true);
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(y);
  await expect(section(page, 'tail')).toBeInViewport();
  expectNoPageErrors(page);
});

test('a link to a section opens the page scrolled to that section, just below the top bar', async ({ page, api }) => {
  const id = await api.artifact('Deep link', upsertAll(SECTIONS.slice(0, 30)));
  await page.setViewportSize({ width: 1000, height: 700 });
  await openLive(page, `/a/${id}#section-s20`);
  // data-synced is set only once the sections are rendered and the hash has been followed.
  await expect(page.locator('la-section')).toHaveCount(30);
  const position = () =>
    page.evaluate(() => ({
      bar: document.querySelector('.app-bar')!.getBoundingClientRect().bottom,
      top: document.querySelector('la-section[data-section-id="s20"]')!.getBoundingClientRect().top,
      scrollY: window.scrollY,
    }));
  expect((await position()).scrollY).toBeGreaterThan(0);
  // Just below the bar (its scroll margin), held there while what renders above it arrives.
  await expect.poll(async () => { const p = await position(); return p.top - p.bar; }).toBeGreaterThanOrEqual(0);
  await expect.poll(async () => { const p = await position(); return p.top - p.bar; }).toBeLessThanOrEqual(24);
  expectNoPageErrors(page);
});
