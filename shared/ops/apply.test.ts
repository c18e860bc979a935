import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { artifactToJSON } from '../schema/index.ts';
import { applyOps } from './apply.ts';
import { OpError } from './errors.ts';
import { DEFAULT_OP_LIMITS } from './limits.ts';

let counter = 0;
const newId = () => `gen${++counter}`;
const run = (doc: Y.Doc, ops: unknown[]) => applyOps(doc, { ops }, { newId });
const json = (doc: Y.Doc) => artifactToJSON(doc, 'a1');

function expectOpError(fn: () => unknown, code: string, opIndex?: number) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(OpError);
    expect((error as OpError).code).toBe(code);
    if (opIndex !== undefined) expect((error as OpError).opIndex).toBe(opIndex);
    return error as OpError;
  }
  throw new Error(`expected OpError ${code}`);
}

describe('applyOps', () => {
  it('creates every section type with defaults and reads it back as JSON', () => {
    const doc = new Y.Doc();
    run(doc, [
      { op: 'meta.set', title: 'Incident 42', kind: 'incident', status: 'investigating' },
      { op: 'section.upsert', section: { id: 'md', type: 'markdown', text: '# Hi' } },
      { op: 'section.upsert', section: { id: 'code', type: 'code', language: 'ts', code: 'let a = 1', diff: '@@ -1 +1 @@\n-a\n+b' } },
      { op: 'section.upsert', section: { id: 'chart', type: 'chart', chart: 'bar', series: [{ name: 'p99', points: [['a', 1]] }] } },
      { op: 'section.upsert', section: { id: 'tl', type: 'timeline' } },
      { op: 'section.upsert', section: { id: 'cl', type: 'checklist', items: [{ id: 'i1', text: 'Page on-call' }] } },
      { op: 'section.upsert', section: { id: 'tb', type: 'table', columns: ['a', 'b'], rows: [[1, 'x']] } },
      { op: 'section.upsert', section: { id: 'co', type: 'callout', tone: 'warning', text: 'careful' } },
      { op: 'section.upsert', section: { id: 'me', type: 'metrics', items: [{ label: 'p99', value: 120, unit: 'ms', delta: -3 }] } },
      { op: 'section.upsert', section: { id: 'im', type: 'image', src: 'data:image/png;base64,iVBORw0KGgo=', alt: 'pixel' } },
    ]);
    const out = json(doc);
    expect(out.meta).toEqual({ title: 'Incident 42', kind: 'incident', status: 'investigating' });
    expect(out.sections.map((s) => s.type)).toEqual(['markdown', 'code', 'chart', 'timeline', 'checklist', 'table', 'callout', 'metrics', 'image']);
    expect(out.sections[4]).toEqual({ id: 'cl', type: 'checklist', items: [{ id: 'i1', text: 'Page on-call', done: false }] });
    expect(out.sections[3]).toEqual({ id: 'tl', type: 'timeline', events: [] });
  });

  it('streams text, keeps the timeline in time order and appends chart points', () => {
    const doc = new Y.Doc();
    run(doc, [
      { op: 'section.upsert', section: { id: 'log', type: 'markdown', text: 'a' } },
      { op: 'section.upsert', section: { id: 'tl', type: 'timeline' } },
      { op: 'section.upsert', section: { id: 'c', type: 'chart' } },
    ]);
    run(doc, [
      { op: 'text.append', id: 'log', text: 'b' },
      { op: 'text.append', id: 'log', text: 'c' },
      { op: 'timeline.append', id: 'tl', event: { id: 'e2', at: '2026-11-21T10:05:00Z', title: 'second' } },
      { op: 'timeline.append', id: 'tl', event: { id: 'e1', at: '2026-11-21T10:00:00Z', title: 'first' } },
      { op: 'timeline.append', id: 'tl', event: { at: '2026-11-21T10:10:00+01:00', title: 'zero (earlier, other zone)' } },
      { op: 'chart.append', id: 'c', series: 'rps', points: [[1, 10], [2, 12]] },
      { op: 'chart.append', id: 'c', series: 'rps', points: [[3, 9]] },
    ]);
    const [log, tl, chart] = json(doc).sections;
    expect(log).toMatchObject({ text: 'abc' });
    expect(tl?.type === 'timeline' && tl.events.map((e) => e.title)).toEqual(['zero (earlier, other zone)', 'first', 'second']);
    expect(tl?.type === 'timeline' && tl.events[0]?.id).toMatch(/^gen/);
    expect(chart).toMatchObject({ series: [{ name: 'rps', points: [[1, 10], [2, 12], [3, 9]] }] });
  });

  it('timeline.append with a stored event id replaces that event and keeps time order', () => {
    const doc = new Y.Doc();
    run(doc, [
      { op: 'section.upsert', section: { id: 'tl', type: 'timeline' } },
      { op: 'timeline.append', id: 'tl', event: { id: 'a', at: '2026-11-21T10:00:00Z', title: 'a' } },
      { op: 'timeline.append', id: 'tl', event: { id: 'call', at: '2026-11-21T10:05:00Z', title: 'Bash: npm test', severity: 'info' } },
      { op: 'timeline.append', id: 'tl', event: { id: 'b', at: '2026-11-21T10:06:00Z', title: 'b' } },
    ]);
    // Replaced in another batch, at an earlier time: one event, moved to its place.
    run(doc, [{ op: 'timeline.append', id: 'tl', event: { id: 'call', at: '2026-11-21T09:59:00Z', title: 'Bash: npm test · 2 s', severity: 'resolved' } }]);
    const tl = json(doc).sections[0];
    expect(tl?.type === 'timeline' && tl.events.map((e) => [e.id, e.title, e.severity])).toEqual([
      ['call', 'Bash: npm test · 2 s', 'resolved'],
      ['a', 'a', undefined],
      ['b', 'b', undefined],
    ]);
  });

  it('a replacing timeline.append does not count against the item limit', () => {
    const doc = new Y.Doc();
    const limits = { ...DEFAULT_OP_LIMITS, maxItems: 2 };
    applyOps(doc, { ops: [{ op: 'section.upsert', section: { id: 'tl', type: 'timeline', events: [{ id: 'x', at: '2026-01-01T00:00:00Z', title: 'x' }, { id: 'y', at: '2026-01-01T00:01:00Z', title: 'y' }] } }] }, { newId, limits });
    applyOps(doc, { ops: [{ op: 'timeline.append', id: 'tl', event: { id: 'y', at: '2026-01-01T00:02:00Z', title: 'y2' } }] }, { newId, limits });
    expectOpError(() => applyOps(doc, { ops: [{ op: 'timeline.append', id: 'tl', event: { id: 'z', at: '2026-01-01T00:03:00Z', title: 'z' } }] }, { newId, limits }), 'too_many_items', 0);
    const tl = json(doc).sections[0];
    expect(tl?.type === 'timeline' && tl.events.map((e) => e.title)).toEqual(['x', 'y2']);
  });

  it('upsert replaces only the fields given; checklist.set updates by item id', () => {
    const doc = new Y.Doc();
    run(doc, [{ op: 'section.upsert', section: { id: 'cl', type: 'checklist', title: 'Todo', items: [{ id: 'a', text: 'one' }] } }]);
    run(doc, [
      { op: 'section.upsert', section: { id: 'cl', title: 'Release' } },
      { op: 'checklist.set', id: 'cl', item: { id: 'a', done: true } },
      { op: 'checklist.set', id: 'cl', item: { id: 'b', text: 'two', owner: 'bob' } },
    ]);
    expect(json(doc).sections[0]).toEqual({
      id: 'cl',
      type: 'checklist',
      title: 'Release',
      items: [
        { id: 'a', text: 'one', done: true },
        { id: 'b', text: 'two', done: false, owner: 'bob' },
      ],
    });
  });

  it('places, moves and removes sections', () => {
    const doc = new Y.Doc();
    run(doc, ['a', 'b', 'c'].map((id) => ({ op: 'section.upsert', section: { id, type: 'markdown', text: id } })));
    run(doc, [
      { op: 'section.upsert', section: { id: 'first', type: 'markdown' }, after: null },
      { op: 'section.upsert', section: { id: 'mid', type: 'markdown' }, after: 'a' },
      { op: 'section.move', id: 'c', after: null },
      { op: 'text.append', id: 'c', text: '!' },
      { op: 'section.move', id: 'first', after: 'b' },
      { op: 'section.remove', id: 'mid' },
    ]);
    const sections = json(doc).sections;
    expect(sections.map((s) => s.id)).toEqual(['c', 'a', 'b', 'first']);
    expect(sections[0]).toMatchObject({ text: 'c!' });
  });

  it('rejects a bad batch with the index of the bad op and applies nothing', () => {
    const doc = new Y.Doc();
    run(doc, [{ op: 'section.upsert', section: { id: 'a', type: 'markdown', text: 'keep' } }]);
    const before = Y.encodeStateAsUpdate(doc);
    const cases: [unknown[], string, number][] = [
      [[{ op: 'text.append', id: 'a', text: 'x' }, { op: 'explode' }], 'unknown_op', 1],
      [[{ op: 'text.append', id: 'a', text: 'x' }, { op: 'text.append', id: 'nope', text: 'x' }], 'section_not_found', 1],
      [[{ op: 'text.append', id: 'a', text: 5 }], 'invalid_op', 0],
      [[{ op: 'text.append', id: 'a', text: 'x', extra: 1 }], 'invalid_op', 0],
      [[{ op: 'section.upsert', section: { id: 'a', type: 'chart' } }], 'section_type_mismatch', 0],
      [[{ op: 'section.upsert', section: { id: 'n' } }], 'missing_field', 0],
      [[{ op: 'section.upsert', section: { id: 'n', type: 'markdown', rows: [] } }], 'field_not_allowed', 0],
      [[{ op: 'section.upsert', section: { id: 'i', type: 'image', src: 'https://evil.example/x.png', alt: '' } }], 'invalid_image_src', 0],
      [[{ op: 'section.upsert', section: { id: 't', type: 'table', columns: ['a'] } }, { op: 'table.append', id: 't', rows: [[1, 2]] }], 'row_length_mismatch', 1],
      [[{ op: 'timeline.append', id: 'a', event: { at: '2026-01-01T00:00:00Z', title: 'x' } }], 'section_type_mismatch', 0],
      [[{ op: 'section.upsert', section: { id: 't', type: 'timeline' } }, { op: 'timeline.append', id: 't', event: { at: 'yesterday', title: 'x' } }], 'invalid_op', 1],
      [[{ op: 'section.remove', id: 'a' }, { op: 'text.append', id: 'a', text: 'x' }], 'section_not_found', 1],
      [[{ op: 'section.move', id: 'a', after: 'a' }], 'invalid_position', 0],
    ];
    for (const [ops, code, opIndex] of cases) {
      expectOpError(() => run(doc, ops), code, opIndex);
      expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    }
    expectOpError(() => applyOps(doc, { nope: [] }, { newId }), 'invalid_request');
    expectOpError(() => applyOps(doc, null, { newId }), 'invalid_request');
  });

  it('enforces size limits', () => {
    const doc = new Y.Doc();
    const limits = { ...DEFAULT_OP_LIMITS, maxTextChars: 10, maxOpsPerBatch: 3, maxSections: 2, maxItems: 2 };
    const apply = (ops: unknown[]) => applyOps(doc, { ops }, { newId, limits });
    apply([{ op: 'section.upsert', section: { id: 'a', type: 'markdown', text: '12345' } }]);
    expectOpError(() => apply([{ op: 'text.append', id: 'a', text: '12345' }, { op: 'text.append', id: 'a', text: 'x' }]), 'text_too_large', 1);
    expectOpError(() => apply([{ op: 'meta.set' }, { op: 'meta.set' }, { op: 'meta.set' }, { op: 'meta.set' }]), 'too_many_ops');
    expectOpError(
      () => apply([{ op: 'section.upsert', section: { id: 'b', type: 'chart' } }, { op: 'section.upsert', section: { id: 'c', type: 'chart' } }]),
      'too_many_sections',
      1,
    );
    apply([{ op: 'section.upsert', section: { id: 'b', type: 'chart' } }]);
    expectOpError(() => apply([{ op: 'chart.append', id: 'b', series: 's', points: [[1, 1], [2, 2], [3, 3]] }]), 'too_many_items', 0);
    expect(json(doc).sections.map((s) => s.id)).toEqual(['a', 'b']);
  });

  it('records the origin on the transaction', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
    const origin = { actor: 'agent-1' };
    applyOps(doc, { ops: [{ op: 'meta.set', title: 'x' }, { op: 'section.upsert', section: { id: 'a', type: 'markdown' } }] }, { newId, origin });
    expect(origins).toEqual([origin]);
  });
});

describe('collapsed code sections', () => {
  it('a code section keeps "collapsed"; other types refuse it', () => {
    const doc = new Y.Doc();
    run(doc, [{ op: 'section.upsert', section: { id: 'd', type: 'code', language: 'ts', code: '', diff: '@@ -1 +1 @@\n-a\n+b', collapsed: true } }]);
    expect(json(doc).sections[0]).toMatchObject({ id: 'd', collapsed: true });
    run(doc, [{ op: 'section.upsert', section: { id: 'd', collapsed: false } }]);
    expect(json(doc).sections[0]).toMatchObject({ id: 'd', collapsed: false });
    expectOpError(() => run(doc, [{ op: 'section.upsert', section: { id: 'm', type: 'markdown', text: '', collapsed: true } }]), 'field_not_allowed', 0);
    expectOpError(() => run(doc, [{ op: 'section.upsert', section: { id: 'd', collapsed: 'yes' } }]), 'invalid_op', 0);
  });
});
