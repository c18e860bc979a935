import { expect, expectNoPageErrors, expectNoReload, markDocument, openLive, section, test, upsertAll } from './fixtures.ts';

/*
 * An agent posts ops over HTTP; a viewer's open page shows them without a reload. Every check
 * waits for the DOM (locator assertions, expect.poll), never for a fixed time.
 */

/** A 40×20 SVG, the kind of tiny inline image an agent would attach. */
const SVG_IMAGE = `data:image/svg+xml;base64,${Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#2a7"/></svg>',
).toString('base64')}`;

test('streamed text and a new section appear without reload', async ({ page, api }) => {
  const id = await api.artifact('Streaming', upsertAll([{ id: 'intro', type: 'markdown', text: 'Starting the investigation.' }]));
  await openLive(page, id);
  await expect(section(page, 'intro')).toContainText('Starting the investigation.');
  const marker = await markDocument(page);

  // Streaming: several appends in a row, each visible on its own.
  for (const word of ['alpha', 'bravo', 'charlie']) {
    await api.ops(id, [{ op: 'text.append', id: 'intro', text: ` Step ${word}.` }]);
    await expect(section(page, 'intro')).toContainText(`Step ${word}.`);
  }
  await expect(section(page, 'intro')).toContainText('Starting the investigation. Step alpha. Step bravo. Step charlie.');

  // Markdown is rendered, not shown as source.
  await api.ops(id, [{ op: 'section.upsert', section: { id: 'notes', type: 'markdown', title: 'Notes', text: '## Findings\n\n- **bold** finding' }, after: 'intro' }]);
  await expect(section(page, 'notes').locator('h2.la-section__title')).toHaveText('Notes');
  await expect(section(page, 'notes').locator('strong')).toHaveText('bold');
  await expect(section(page, 'notes')).not.toContainText('**');
  await expect(page.locator('la-section')).toHaveCount(2);
  await expect.poll(() => page.locator('la-section').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['sectionId']))).toEqual(['intro', 'notes']);

  // text.set replaces the body.
  await api.ops(id, [{ op: 'text.set', id: 'intro', text: 'Replaced body.' }]);
  await expect(section(page, 'intro').locator('.la-section__body')).toHaveText('Replaced body.');

  await expectNoReload(page, marker);
  expectNoPageErrors(page);
});

test('every section type appears and updates live', async ({ page, api }) => {
  const id = await api.create('All section types');
  await openLive(page, id);
  await expect(page.getByText('No sections yet.')).toBeVisible();
  const marker = await markDocument(page);

  // timeline: a section, then an event appended out of order lands in time order.
  await api.ops(id, upsertAll([{
    id: 'tl', type: 'timeline', title: 'Timeline',
    events: [
      { id: 'e1', at: '2026-11-21T10:00:00Z', title: 'Alert fired', severity: 'critical' },
      { id: 'e3', at: '2026-11-21T10:20:00Z', title: 'Mitigated', severity: 'resolved' },
    ],
  }]));
  const events = section(page, 'tl').locator('.la-timeline__event');
  await expect(events).toHaveCount(2);
  await expect(page.getByText('No sections yet.')).toHaveCount(0);
  await api.ops(id, [{ op: 'timeline.append', id: 'tl', event: { id: 'e2', at: '2026-11-21T10:05:00Z', title: 'Rolled back', severity: 'warning', actor: 'alice' } }]);
  await expect(events).toHaveCount(3);
  await expect(section(page, 'tl').locator('.la-timeline__title')).toHaveText(['Alert fired', 'Rolled back', 'Mitigated']);
  await expect(events.nth(1).locator('.la-timeline__actor')).toHaveText('alice');

  // chart: appending a point adds a marker and redraws the line.
  await api.ops(id, [{ op: 'section.upsert', after: 'tl', section: { id: 'ch', type: 'chart', title: 'p99', chart: 'line', series: [{ name: 'p99', points: [[0, 10], [1, 30]] }] } }]);
  const dots = section(page, 'ch').locator('svg circle.la-chart__dot');
  await expect(dots).toHaveCount(2);
  const lineBefore = await section(page, 'ch').locator('svg path.la-chart__line').getAttribute('d');
  await api.ops(id, [{ op: 'chart.append', id: 'ch', series: 'p99', points: [[2, 55]] }]);
  await expect(dots).toHaveCount(3);
  await expect(section(page, 'ch').locator('svg path.la-chart__line')).not.toHaveAttribute('d', lineBefore ?? '');
  // A new series is created on the fly and gets its own line and legend entry.
  await api.ops(id, [{ op: 'chart.append', id: 'ch', series: 'p50', points: [[0, 5], [1, 8], [2, 9]] }]);
  await expect(section(page, 'ch').locator('svg path.la-chart__line')).toHaveCount(2);
  await expect(section(page, 'ch').locator('.la-chart__legend li')).toHaveText(['p99', 'p50']);

  // checklist: an item is ticked off.
  await api.ops(id, [{ op: 'section.upsert', after: 'ch', section: { id: 'cl', type: 'checklist', items: [{ id: 'a', text: 'Check logs', done: false }, { id: 'b', text: 'Roll back', done: false }] } }]);
  await expect(section(page, 'cl').locator('.la-checklist__item')).toHaveCount(2);
  await expect(section(page, 'cl').locator('input[type=checkbox]:checked')).toHaveCount(0);
  await api.ops(id, [{ op: 'checklist.set', id: 'cl', item: { id: 'b', text: 'Roll back', done: true, owner: 'bob' } }]);
  await expect(section(page, 'cl').locator('.la-checklist__item').nth(1)).toHaveClass(/is-done/);
  await expect(section(page, 'cl').locator('.la-checklist__item').nth(1).locator('input')).toBeChecked();
  await expect(section(page, 'cl').locator('.la-checklist__item').nth(0).locator('input')).not.toBeChecked();
  await expect(section(page, 'cl').locator('.la-checklist__summary')).toContainText('1 of 2 done');
  await expect(section(page, 'cl').locator('.la-badge--owner')).toHaveText('bob');

  // table: rows appended.
  await api.ops(id, [{ op: 'section.upsert', after: 'cl', section: { id: 'tb', type: 'table', columns: ['service', 'p99'], rows: [['api', 340]] } }]);
  const rows = section(page, 'tb').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await api.ops(id, [{ op: 'table.append', id: 'tb', rows: [['db', 40], ['cache', 3]] }]);
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(2).locator('td')).toHaveText(['cache', '3']);

  // metrics: appear, then a value changes.
  await api.ops(id, [{ op: 'section.upsert', after: 'tb', section: { id: 'mx', type: 'metrics', items: [{ label: 'Error rate', value: 2.4, unit: '%', delta: '+0.3' }] } }]);
  await expect(section(page, 'mx').locator('.la-metric__value')).toHaveText('2.4%');
  await expect(section(page, 'mx').locator('.la-metric__delta')).toHaveClass(/la-delta--up/);
  await api.ops(id, [{ op: 'section.upsert', section: { id: 'mx', type: 'metrics', items: [{ label: 'Error rate', value: 0.2, unit: '%', delta: -2.2 }] } }]);
  await expect(section(page, 'mx').locator('.la-metric__value')).toHaveText('0.2%');
  await expect(section(page, 'mx').locator('.la-metric__delta')).toHaveClass(/la-delta--down/);

  // callout: appears with its tone, then streams.
  await api.ops(id, [{ op: 'section.upsert', after: 'mx', section: { id: 'co', type: 'callout', tone: 'warning', text: 'Customers see errors.' } }]);
  await expect(section(page, 'co').locator('.la-callout')).toHaveClass(/la-callout--warning/);
  await api.ops(id, [{ op: 'text.append', id: 'co', text: ' Fix rolling out.' }]);
  await expect(section(page, 'co')).toContainText('Customers see errors. Fix rolling out.');

  // code: highlighted source, then replaced by a diff.
  await api.ops(id, [{ op: 'section.upsert', after: 'co', section: { id: 'cd', type: 'code', language: 'ts', code: 'export const retries = 3;' } }]);
  await expect(section(page, 'cd').locator('pre code')).toHaveText('export const retries = 3;');
  await expect(section(page, 'cd').locator('.la-code__lang')).toHaveText('ts');
  await api.ops(id, [{ op: 'section.upsert', section: { id: 'cd', type: 'code', diff: '--- a/x.ts\n+++ b/x.ts\n@@ -1 +1 @@\n-export const retries = 3;\n+export const retries = 5;\n' } }]);
  await expect(section(page, 'cd').locator('.la-diff__add')).toHaveText('+export const retries = 5;');
  await expect(section(page, 'cd').locator('.la-diff__del')).toHaveText('-export const retries = 3;');

  // image: a data: URI is shown and actually decodes.
  await api.ops(id, [{ op: 'section.upsert', after: 'cd', section: { id: 'im', type: 'image', src: SVG_IMAGE, alt: 'green box' } }]);
  const img = section(page, 'im').locator('img');
  await expect(img).toHaveAttribute('alt', 'green box');
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(40);

  // markdown, last: a new section at the very top.
  await api.ops(id, [{ op: 'section.upsert', after: null, section: { id: 'md', type: 'markdown', text: 'Summary *first*' } }]);
  await expect(section(page, 'md').locator('em')).toHaveText('first');

  await expect
    .poll(() => page.locator('la-section').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['type'])))
    .toEqual(['markdown', 'timeline', 'chart', 'checklist', 'table', 'metrics', 'callout', 'code', 'image']);
  await expectNoReload(page, marker);
  expectNoPageErrors(page);
});

test('meta, removal and moves apply live', async ({ page, api }) => {
  const id = await api.artifact('Before', upsertAll([
    { id: 'a', type: 'markdown', text: 'A' },
    { id: 'b', type: 'markdown', text: 'B' },
    { id: 'c', type: 'markdown', text: 'C' },
  ]));
  await openLive(page, id);
  const marker = await markDocument(page);
  const order = () => page.locator('la-section').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['sectionId']));
  await expect.poll(order).toEqual(['a', 'b', 'c']);
  await expect(page).toHaveTitle('Before');

  await api.ops(id, [{ op: 'meta.set', title: 'After', kind: 'incident', status: 'resolved' }]);
  await expect(page.locator('.la-header__title')).toHaveText('After');
  await expect(page.locator('.la-header__kind')).toHaveText('incident');
  await expect(page.locator('.la-header .la-status')).toHaveText('resolved');
  await expect(page).toHaveTitle('After');

  await api.ops(id, [{ op: 'section.move', id: 'a', after: 'c' }]);
  await expect.poll(order).toEqual(['b', 'c', 'a']);
  await api.ops(id, [{ op: 'section.remove', id: 'c' }]);
  await expect.poll(order).toEqual(['b', 'a']);

  await expectNoReload(page, marker);
  expectNoPageErrors(page);
});
