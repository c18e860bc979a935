import { describe, expect, it } from 'vitest';
import type { Section } from '../sdk/index.ts';
import { formatArtifact, formatList, preview } from './format.ts';

describe('preview', () => {
  const cases: [Section, string][] = [
    [{ id: 'm', type: 'markdown', text: 'Hello\nworld' }, 'Hello… (11 chars)'],
    [{ id: 'c', type: 'callout', tone: 'warning', text: 'Careful' }, 'warning: Careful (7 chars)'],
    [{ id: 'k', type: 'code', language: 'ts', code: 'a\nb\n' }, 'ts, 2 lines'],
    [{ id: 'g', type: 'chart', chart: 'line', series: [{ name: 'p95', points: [[1, 2], [2, 3]] }] }, 'line chart, 1 series, 2 points'],
    [{ id: 't', type: 'timeline', events: [{ id: 'e', at: '2026-01-01T00:00:00Z', title: 'deploy' }] }, '1 event, last 2026-01-01T00:00:00Z "deploy"'],
    [{ id: 'l', type: 'checklist', items: [{ id: 'a', text: 'x', done: true }, { id: 'b', text: 'y', done: false }] }, '1/2 done'],
    [{ id: 'r', type: 'table', columns: ['a', 'b'], rows: [[1, 2]] }, '2 columns × 1 row'],
    [{ id: 'x', type: 'metrics', items: [{ label: 'p95', value: 120, unit: 'ms' }] }, 'p95 120ms'],
    [{ id: 'i', type: 'image', src: 'data:image/png;base64,AA', alt: 'graph' }, 'image "graph"'],
  ];
  it.each(cases)('describes a %o', (section, expected) => {
    expect(preview(section)).toBe(expected);
  });

  it('cuts long text', () => {
    expect(preview({ id: 'm', type: 'markdown', text: 'x'.repeat(100) })).toBe(`${'x'.repeat(60)}… (100 chars)`);
  });
});

describe('formatArtifact', () => {
  it('lines up one row per section under the title', () => {
    const text = formatArtifact({
      id: 'abc',
      meta: { title: 'Incident', kind: 'incident', emoji: '🔥', status: 'open' },
      sections: [
        { id: 'summary', type: 'markdown', title: 'Summary', text: 'ok' },
        { id: 't', type: 'timeline', events: [] },
      ],
    });
    expect(text.split('\n')).toEqual([
      '🔥 Incident',
      'id abc · kind incident · status open · 2 sections',
      '',
      '  markdown  summary  "Summary"  ok (2 chars)',
      '  timeline  t                   0 events',
    ]);
  });
});

describe('formatList', () => {
  it('puts the newest first', () => {
    const row = { kind: 'document', owner: 'u', ownerName: 'U', orgId: 'o', visibility: 'private' as const, pinnedVersion: null, latestVersion: null, remixedFrom: null, yourShare: null, createdAt: '2026-01-01T00:00:00Z' };
    const text = formatList([
      { ...row, id: 'old', title: 'Old', updatedAt: '2026-01-01T00:00:00Z' },
      { ...row, id: 'new', title: 'New', updatedAt: '2026-02-01T00:00:00Z' },
    ]);
    expect(text.split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['new', 'old']);
  });
});
