import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyOps } from './apply.ts';
import { OpError } from './errors.ts';
import { checklistItemSchema, opSchema, sectionFieldsSchema, timelineEventSchema } from './op-schema.ts';

/*
 * Every string an op carries, at any depth, refuses text PostgreSQL cannot store with
 * `invalid_text` and its path, and the batch applies nothing. The samples fill every field of
 * every op, section type and nested entry; a test below fails when the schema grows a field the
 * samples do not fill.
 */

const AT = '2026-11-21T10:00:00Z';
const SAMPLES: Record<string, unknown>[] = [
  { op: 'meta.set', title: 'T', kind: 'incident', emoji: 'e', status: 'open' },
  { op: 'section.upsert', after: 'md', section: { id: 'md2', type: 'markdown', title: 'Notes', text: 'x' } },
  { op: 'section.upsert', section: { id: 'code2', type: 'code', language: 'ts', code: 'let a', diff: '@@ -1 +1 @@', collapsed: true } },
  { op: 'section.upsert', section: { id: 'ch2', type: 'chart', chart: 'line', xLabel: 'x', yLabel: 'y', series: [{ name: 'p99', points: [['mon', 1]] }] } },
  {
    op: 'section.upsert',
    section: { id: 'tl2', type: 'timeline', events: [{ id: 'e1', at: AT, title: 'Paged', body: 'b', severity: 'info', actor: 'pager' }] },
  },
  { op: 'section.upsert', section: { id: 'cl2', type: 'checklist', items: [{ id: 'i1', text: 'Roll back', done: false, owner: 'bob' }] } },
  { op: 'section.upsert', section: { id: 'tb2', type: 'table', columns: ['host'], rows: [['web-1']] } },
  { op: 'section.upsert', section: { id: 'co2', type: 'callout', tone: 'info', text: 'careful' } },
  { op: 'section.upsert', section: { id: 'me2', type: 'metrics', items: [{ label: 'p99', value: 'high', unit: 'ms', delta: '+3%', better: 'lower' }] } },
  { op: 'section.upsert', section: { id: 'im2', type: 'image', src: 'data:image/png;base64,iVBORw0KGgo=', alt: 'pixel' } },
  { op: 'section.remove', id: 'md' },
  { op: 'section.move', id: 'md', after: 'tl' },
  { op: 'text.append', id: 'md', text: 'more' },
  { op: 'text.set', id: 'md', text: 'all' },
  { op: 'timeline.append', id: 'tl', event: { id: 'e2', at: AT, title: 'Fixed', body: 'b', severity: 'resolved', actor: 'alice' } },
  { op: 'chart.append', id: 'ch', series: 'p50', points: [['tue', 2]] },
  { op: 'checklist.set', id: 'cl', item: { id: 'i2', text: 'Write it up', done: true, owner: 'carol' } },
  { op: 'table.append', id: 'tb', rows: [['web-2']] },
];

/** Keys whose values come from a fixed list: anything else there is refused as `invalid_op` anyway. */
const ENUM_KEYS = new Set(['op', 'type', 'chart', 'severity', 'tone', 'better']);
const BAD_TEXT: Record<string, string> = { 'U+0000': 'a\u0000b', 'a lone high surrogate': 'x\ud800', 'a lone low surrogate': '\udc00y' };

let counter = 0;
const newId = () => `gen${++counter}`;

function baseDoc(): Y.Doc {
  const doc = new Y.Doc();
  const ops = [
    { op: 'section.upsert', section: { id: 'md', type: 'markdown', text: 'notes' } },
    { op: 'section.upsert', section: { id: 'tl', type: 'timeline' } },
    { op: 'section.upsert', section: { id: 'ch', type: 'chart', chart: 'line', series: [] } },
    { op: 'section.upsert', section: { id: 'cl', type: 'checklist', items: [] } },
    { op: 'section.upsert', section: { id: 'tb', type: 'table', columns: ['host'], rows: [] } },
  ];
  applyOps(doc, { ops }, { newId });
  return doc;
}

type Path = (string | number)[];

/** Paths of the string values in `value` (object keys and array indexes). */
function stringPaths(value: unknown, path: Path = []): Path[] {
  if (typeof value === 'string') return ENUM_KEYS.has(String(path.at(-1))) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, i]));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, k]));
  return [];
}

function withValue(value: unknown, path: Path, replacement: string): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...Path];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head] = withValue(copy[head], rest, replacement);
  return copy;
}

function keysAt(samples: unknown[], pick: (op: Record<string, unknown>) => unknown): Set<string> {
  const keys = new Set<string>();
  for (const sample of samples) {
    const found = pick(sample as Record<string, unknown>);
    for (const entry of Array.isArray(found) ? found : [found]) {
      if (typeof entry === 'object' && entry !== null) for (const key of Object.keys(entry)) keys.add(key);
    }
  }
  return keys;
}

describe('ops refuse text PostgreSQL cannot store', () => {
  it('samples every field of every op, section type and nested entry', () => {
    for (const option of opSchema.options) {
      const name = option.shape.op.value;
      const filled = keysAt(SAMPLES.filter((s) => s.op === name), (s) => s);
      expect([...filled].sort(), name).toEqual(Object.keys(option.shape).sort());
    }
    const sections = SAMPLES.map((s) => s.section).filter(Boolean);
    expect([...keysAt(sections, (s) => s)].sort()).toEqual(Object.keys(sectionFieldsSchema.shape).sort());
    const events = [...sections.flatMap((s) => (s as { events?: unknown[] }).events ?? []), ...SAMPLES.map((s) => s.event).filter(Boolean)];
    expect([...keysAt(events, (e) => e)].sort()).toEqual(Object.keys(timelineEventSchema.shape).sort());
    const checklist = [...sections.filter((s) => (s as { type: string }).type === 'checklist').flatMap((s) => (s as { items: unknown[] }).items), ...SAMPLES.map((s) => s.item).filter(Boolean)];
    expect([...keysAt(checklist, (i) => i)].sort()).toEqual(Object.keys(checklistItemSchema.shape).sort());
    const [, metricSchema] = sectionFieldsSchema.shape.items.unwrap().element.options;
    const metrics = sections.filter((s) => (s as { type: string }).type === 'metrics').flatMap((s) => (s as { items: unknown[] }).items);
    expect([...keysAt(metrics, (m) => m)].sort()).toEqual(Object.keys(metricSchema.shape).sort());
    const series = sections.flatMap((s) => (s as { series?: unknown[] }).series ?? []);
    expect([...keysAt(series, (s) => s)].sort()).toEqual(Object.keys(sectionFieldsSchema.shape.series.unwrap().element.shape).sort());
  });

  it('applies every sample as it is', () => {
    for (const sample of SAMPLES) expect(applyOps(baseDoc(), { ops: [sample] }, { newId }), JSON.stringify(sample)).toEqual({ applied: 1 });
  });

  const cases = SAMPLES.flatMap((sample) => stringPaths(sample).flatMap((path) => Object.entries(BAD_TEXT).map(([what, bad]) => ({ sample, path, what, bad }))));

  it.each(cases)('$sample.op $path: $what → invalid_text, nothing applied', ({ sample, path, bad }) => {
    const doc = baseDoc();
    const before = Y.encodeStateAsUpdate(doc);
    const ops = [{ op: 'meta.set', title: 'applied only with the batch' }, withValue(sample, path, bad)];
    let caught: unknown;
    try {
      applyOps(doc, { ops }, { newId });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OpError);
    expect(caught).toMatchObject({ code: 'invalid_text', opIndex: 1, path: path.join('.') });
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('tells a bad string from other invalid fields: only unstorable text is invalid_text', () => {
    const doc = baseDoc();
    const attempt = (op: unknown) => {
      try {
        applyOps(doc, { ops: [op] }, { newId });
      } catch (error) {
        return (error as OpError).code;
      }
      return 'applied';
    };
    expect(attempt({ op: 'text.append', id: 'md', text: 5 })).toBe('invalid_op');
    expect(attempt({ op: 'text.append', id: 'bad id!', text: 'x' })).toBe('invalid_op');
    // A well-formed pair (an emoji) is storable text; so are U+FFFD and U+FFFF.
    expect(attempt({ op: 'text.append', id: 'md', text: '\ud83d\ude00 \ufffd \uffff' })).toBe('applied');
    // Bad text wins over another problem in the same op: it is the one a retry cannot route around.
    expect(attempt({ op: 'section.upsert', section: { id: 'x', type: 'markdown', title: 'x'.repeat(2_000), text: '\u0000' } })).toBe('invalid_text');
  });
});
