import type { Page } from '@playwright/test';
import { expect, expectNoPageErrors, openLive, section, test, upsertAll } from './fixtures.ts';

/*
 * Updates patch the page in place: sections are keyed by id, an update re-renders only the
 * section it touches, and that section keeps its element too. Checked on the real DOM with
 * node identity (a JS property set on each node) and a MutationObserver.
 */

const SECTIONS = [
  { id: 'md1', type: 'markdown', title: 'Summary', text: 'First paragraph.' },
  { id: 'tl', type: 'timeline', events: [{ id: 'e1', at: '2026-11-21T10:00:00Z', title: 'Alert fired', severity: 'critical' }] },
  { id: 'ch', type: 'chart', chart: 'line', series: [{ name: 'p99', points: [[0, 10], [1, 30]] }] },
  { id: 'cl', type: 'checklist', items: [{ id: 'a', text: 'Check logs', done: false }] },
  { id: 'tb', type: 'table', columns: ['service', 'p99'], rows: [['api', 340], ['db', 40]] },
  { id: 'md2', type: 'markdown', text: 'Last section.' },
];
const IDS = SECTIONS.map((s) => s.id);

interface Probe {
  /** Section id → its element and its body element when the probe was installed. */
  nodes: Map<string, { el: Element; body: Element | null }>;
  /** Section ids (or `container`) in which DOM mutations happened since the last reset. */
  mutated: Set<string>;
}
type ProbeWindow = Window & { __probe: Probe };

/** Tags every section element and starts recording where mutations happen. */
async function installProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe: Probe = { nodes: new Map(), mutated: new Set() };
    for (const el of document.querySelectorAll<HTMLElement>('la-section')) {
      const id = el.dataset['sectionId'] ?? '?';
      (el as unknown as { __tag: string }).__tag = id;
      probe.nodes.set(id, { el, body: el.querySelector('.la-section__body') });
    }
    new MutationObserver((records) => {
      for (const r of records) {
        const node = r.target instanceof Element ? r.target : r.target.parentElement;
        const host = node?.closest<HTMLElement>('la-section');
        probe.mutated.add(host ? (host.dataset['sectionId'] ?? '?') : 'container');
      }
    }).observe(document.querySelector('.live-sections')!, { subtree: true, childList: true, characterData: true, attributes: true });
    (window as unknown as ProbeWindow).__probe = probe;
  });
}

/** For each section tagged by the probe: is it still the same, connected node with the same body? */
async function identities(page: Page): Promise<Record<string, { sameNode: boolean; tagged: boolean; connected: boolean; sameBody: boolean }>> {
  return page.evaluate(() => {
    const probe = (window as unknown as ProbeWindow).__probe;
    const out: Record<string, { sameNode: boolean; tagged: boolean; connected: boolean; sameBody: boolean }> = {};
    for (const [id, then] of probe.nodes) {
      const now = document.querySelector(`la-section[data-section-id="${id}"]`);
      out[id] = {
        sameNode: now === then.el,
        tagged: (now as unknown as { __tag?: string } | null)?.__tag === id,
        connected: then.el.isConnected,
        sameBody: !!now && now.querySelector('.la-section__body') === then.body,
      };
    }
    return out;
  });
}

const mutated = (page: Page) => page.evaluate(() => [...(window as unknown as ProbeWindow).__probe.mutated].sort());
const resetMutations = (page: Page) => page.evaluate(() => (window as unknown as ProbeWindow).__probe.mutated.clear());
const kept = { sameNode: true, tagged: true, connected: true, sameBody: true };

test('an update re-renders only its own section, keeping every node', async ({ page, api }) => {
  const id = await api.artifact('In place', upsertAll(SECTIONS));
  await openLive(page, id);
  await expect(page.locator('la-section')).toHaveCount(SECTIONS.length);
  await installProbe(page);

  await api.ops(id, [{ op: 'text.append', id: 'md1', text: ' Appended live.' }]);
  await expect(section(page, 'md1')).toContainText('First paragraph. Appended live.');

  const after = await identities(page);
  for (const sid of IDS) expect(after[sid], `section ${sid} keeps its element and body`).toEqual(kept);
  expect(await mutated(page), 'mutations only inside the edited section').toEqual(['md1']);
  expectNoPageErrors(page);
});

test('list-like updates patch the edited section instead of replacing it', async ({ page, api }) => {
  const id = await api.artifact('Patches', upsertAll(SECTIONS));
  await openLive(page, id);
  await installProbe(page);
  await page.evaluate(() => {
    for (const sel of ['[data-section-id="tb"] table', '[data-section-id="tb"] tbody tr', '[data-section-id="ch"] svg', '[data-section-id="cl"] .la-checklist__item']) {
      const node = document.querySelector(sel);
      if (!node) throw new Error(`missing ${sel}`);
      (node as unknown as { __tag: string }).__tag = sel;
    }
  });

  await api.ops(id, [
    { op: 'table.append', id: 'tb', rows: [['cache', 3]] },
    { op: 'chart.append', id: 'ch', series: 'p99', points: [[2, 20]] },
    { op: 'checklist.set', id: 'cl', item: { id: 'a', text: 'Check logs', done: true } },
  ]);
  await expect(section(page, 'tb').locator('tbody tr')).toHaveCount(3);
  await expect(section(page, 'ch').locator('circle.la-chart__dot')).toHaveCount(3);
  await expect(section(page, 'cl').locator('input')).toBeChecked();

  // The inner nodes of the edited sections were updated, not rebuilt.
  const survivors = await page.evaluate(() =>
    ['[data-section-id="tb"] table', '[data-section-id="tb"] tbody tr', '[data-section-id="ch"] svg', '[data-section-id="cl"] .la-checklist__item'].map(
      (sel) => (document.querySelector(sel) as unknown as { __tag?: string } | null)?.__tag === sel,
    ),
  );
  expect(survivors).toEqual([true, true, true, true]);
  const after = await identities(page);
  for (const sid of IDS) expect(after[sid], `section ${sid}`).toEqual(kept);
  expect(await mutated(page)).toEqual(['ch', 'cl', 'tb']);
  expectNoPageErrors(page);
});

test('inserting, moving and removing sections leaves the others untouched', async ({ page, api }) => {
  const id = await api.artifact('Keyed', upsertAll(SECTIONS));
  await openLive(page, id);
  await installProbe(page);
  const order = () => page.locator('la-section').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['sectionId']));

  // Insert in the middle: only the list itself changes, no existing section is touched.
  await api.ops(id, [{ op: 'section.upsert', after: 'ch', section: { id: 'new', type: 'callout', tone: 'info', text: 'Inserted.' } }]);
  await expect(section(page, 'new')).toContainText('Inserted.');
  const inserted = await mutated(page);
  expect(inserted).toContain('container');
  expect(inserted.filter((where) => where !== 'container' && where !== 'new'), 'no existing section mutated').toEqual([]);
  for (const [sid, state] of Object.entries(await identities(page))) expect(state, `section ${sid}`).toEqual(kept);

  // Move: the moved element itself is moved (same node, same content), nothing re-rendered.
  await resetMutations(page);
  await api.ops(id, [{ op: 'section.move', id: 'md1', after: 'tb' }]);
  await expect.poll(order).toEqual(['tl', 'ch', 'new', 'cl', 'tb', 'md1', 'md2']);
  expect(await mutated(page)).toEqual(['container']);
  for (const [sid, state] of Object.entries(await identities(page))) expect(state, `section ${sid}`).toEqual(kept);

  // Remove: the removed node is detached, the rest stay.
  await resetMutations(page);
  await api.ops(id, [{ op: 'section.remove', id: 'tl' }]);
  await expect(section(page, 'tl')).toHaveCount(0);
  expect(await mutated(page)).toEqual(['container']);
  const afterRemove = await identities(page);
  expect(afterRemove['tl']?.connected).toBe(false);
  for (const sid of IDS.filter((s) => s !== 'tl')) expect(afterRemove[sid], `section ${sid}`).toEqual(kept);
  expectNoPageErrors(page);
});
