import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyOps, artifactToJSON, DEFAULT_OP_LIMITS, validateOps } from '../index.ts';
import { isTemplateName, templateKind, templateOps, TEMPLATE_NAMES } from './index.ts';

const input = { title: 'Checkout is down', now: '2026-03-01T10:00:00Z' };
let counter = 0;
const newId = () => `gen${++counter}`;

describe('templates', () => {
  it.each(TEMPLATE_NAMES)('%s: its ops pass validation and apply to a new document with the create meta first', (name) => {
    const ops = [{ op: 'meta.set', title: input.title, kind: templateKind(name) }, ...templateOps(name, input)];
    const doc = new Y.Doc();
    expect(() => validateOps(doc, { ops }, { limits: DEFAULT_OP_LIMITS, newId })).not.toThrow();
    applyOps(doc, { ops }, { newId });
    const json = artifactToJSON(doc, 'a1');
    expect(json.meta).toMatchObject({ title: input.title, kind: name });
    expect(json.sections.length).toBeGreaterThanOrEqual(3);
    // Every section carries a title a reader sees and an id the agent chose, not a generated one.
    for (const section of json.sections) {
      expect(section.title).toBeTruthy();
      expect(section.id).not.toMatch(/^gen\d+$/);
    }
  });

  it('section ids are stable: the same from one call to the next and whatever the input', () => {
    const ids = (name: (typeof TEMPLATE_NAMES)[number], i: typeof input) =>
      templateOps(name, i).flatMap((op) => (op.op === 'section.upsert' ? [op.section.id] : []));
    expect(ids('incident', input)).toEqual(['summary', 'impact', 'timeline', 'actions']);
    expect(ids('pr', input)).toEqual(['summary', 'files', 'commits', 'review']);
    expect(ids('release', input)).toEqual(['highlights', 'checklist', 'metrics']);
    expect(ids('dashboard', input)).toEqual(['metrics', 'trend', 'breakdown']);
    expect(ids('explainer', input)).toEqual(['overview', 'background', 'how-it-works', 'trade-offs', 'next-steps']);
    for (const name of TEMPLATE_NAMES) expect(ids(name, { title: 'Other', now: '2030-01-01T00:00:00Z' })).toEqual(ids(name, input));
  });

  it('each template has the section types its kind needs', () => {
    const types = (name: (typeof TEMPLATE_NAMES)[number]) => {
      const doc = new Y.Doc();
      applyOps(doc, { ops: templateOps(name, input) }, { newId });
      return artifactToJSON(doc, 'a').sections.map((s) => s.type);
    };
    expect(types('incident')).toEqual(['callout', 'metrics', 'timeline', 'checklist']);
    expect(types('pr')).toEqual(['markdown', 'table', 'timeline', 'checklist']);
    expect(types('release')).toEqual(['markdown', 'checklist', 'metrics']);
    expect(types('dashboard')).toEqual(['metrics', 'chart', 'chart']);
    expect(types('explainer')).toEqual(['callout', 'markdown', 'markdown', 'markdown', 'markdown']);
  });

  it('the incident timeline starts at the time passed in', () => {
    const doc = new Y.Doc();
    applyOps(doc, { ops: templateOps('incident', input) }, { newId });
    const timeline = artifactToJSON(doc, 'a').sections.find((s) => s.id === 'timeline');
    expect(timeline).toMatchObject({ type: 'timeline', events: [{ at: input.now, title: 'Incident opened' }] });
  });

  it('knows its names', () => {
    expect(isTemplateName('pr')).toBe(true);
    expect(isTemplateName('nope')).toBe(false);
  });
});
