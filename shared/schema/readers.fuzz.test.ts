import { render } from '@lit-labs/ssr';
import { collectResultSync } from '@lit-labs/ssr/lib/render-result.js';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { diffArtifacts } from '../diff/index.ts';
import { renderArtifactPage } from '../render/index.ts';
import { artifactToJSON, metaMap, sectionsArray } from './doc.ts';
import { SECTION_TYPES } from './types.ts';
import * as prng from 'lib0/prng';

/*
 * Readers are total: whatever Yjs shape a replica wrote into a document (bypassing ops), JSON,
 * rendering and diff never throw, and what they give out has the types the JSON promises.
 * Seeded; the seed of a failure is in its name, FUZZ_SEED=<n> runs one.
 */

/** A seeded source of numbers in [0, 1) (lib0's PRNG, as the convergence tests use). */
function random(seed: number): () => number {
  const gen = prng.create(seed);
  return () => prng.real53(gen);
}

const FIELDS = ['id', 'type', 'title', 'text', 'language', 'code', 'diff', 'chart', 'xLabel', 'yLabel', 'series', 'events', 'items', 'columns', 'rows', 'tone', 'src', 'alt', 'name', 'points', 'at', 'label', 'value', 'done', 'severity'];

/**
 * What `Y.Array.from` declares it takes. Its declaration leaves out nested shared types (Y.Text,
 * Y.Map) that Yjs accepts and this fuzzer writes on purpose, so the mixed items are cast to it.
 */
type YArrayItem = Parameters<typeof Y.Array.from>[0][number];

function fuzzer(rand: () => number) {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const plain = (depth: number): unknown => {
    switch (Math.floor(rand() * 10)) {
      case 0: return null;
      case 1: return Math.floor(rand() * 2_000) - 1_000;
      case 2: return pick([NaN, Infinity, -0, 1e308, 0.5]);
      case 3: return pick(['', 'x', '2026-11-21T10:00:00Z', 'not a date', '<script>', 'data:image/png;base64,AAAA', ...SECTION_TYPES]);
      case 4: return rand() < 0.5;
      case 5: return depth > 2 ? [] : Array.from({ length: Math.floor(rand() * 4) }, () => plain(depth + 1));
      case 6:
        if (depth > 2) return {};
        return Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, () => [pick(FIELDS), plain(depth + 1)]));
      case 7: return [Math.floor(rand() * 10), Math.floor(rand() * 10)];
      case 8: return { id: 'e', at: '2026-11-21T10:00:00Z', title: pick(['t', 1, null]) };
      default: return undefined;
    }
  };
  const yValue = (depth: number): unknown => {
    const r = rand();
    if (depth < 3 && r < 0.15) return new Y.Text(String(plain(depth)));
    if (depth < 3 && r < 0.3) return Y.Array.from(Array.from({ length: Math.floor(rand() * 4) }, () => yValue(depth + 1)) as YArrayItem[]);
    if (depth < 3 && r < 0.45) return yMap(depth + 1);
    const value = plain(depth);
    return value === undefined ? null : value;
  };
  const yMap = (depth: number): Y.Map<unknown> => {
    const map = new Y.Map<unknown>();
    for (let i = Math.floor(rand() * 6); i > 0; i--) map.set(pick(FIELDS), yValue(depth));
    if (rand() < 0.7) map.set('id', pick(['a', 'b', 'c', 1, '']));
    if (rand() < 0.8) map.set('type', pick([...SECTION_TYPES, 'video', null]));
    return map;
  };
  return { yValue, yMap, pick };
}

function documentFor(seed: number): Y.Doc {
  const rand = random(seed);
  const { yValue, yMap, pick } = fuzzer(rand);
  const doc = new Y.Doc();
  doc.transact(() => {
    const meta = metaMap(doc);
    for (const key of ['title', 'kind', 'emoji', 'status', 'other']) if (rand() < 0.6) meta.set(key, yValue(2));
    const sections = sectionsArray(doc) as Y.Array<unknown>;
    for (let i = Math.floor(rand() * 8); i > 0; i--) sections.push([rand() < 0.8 ? yMap(0) : pick([null, 1, 'x', [], {}])]);
  });
  return doc;
}

const seeds = process.env.FUZZ_SEED ? [Number(process.env.FUZZ_SEED)] : Array.from({ length: 300 }, (_, i) => i + 1);

describe('readers over any document shape', () => {
  it.each(seeds)('seed %i: JSON, render and diff do not throw and give typed values', (seed) => {
    const doc = documentFor(seed);
    const json = artifactToJSON(doc, 'fuzz');
    expect(typeof json.meta.title).toBe('string');
    for (const section of json.sections) {
      expect(SECTION_TYPES).toContain(section.type);
      if (section.type === 'timeline') for (const e of section.events) expect([typeof e.id, typeof e.at, typeof e.title]).toEqual(['string', 'string', 'string']);
      if (section.type === 'metrics') for (const m of section.items) expect(['string', 'number']).toContain(typeof m.value);
      if (section.type === 'table') for (const row of section.rows) for (const cell of row) expect(['string', 'number']).toContain(typeof cell);
      if (section.type === 'chart') for (const s of section.series) for (const [, y] of s.points) expect(Number.isFinite(y)).toBe(true);
    }
    expect(() => collectResultSync(render(renderArtifactPage(json)))).not.toThrow();
    expect(() => diffArtifacts(json, artifactToJSON(documentFor(seed + 1_000), 'fuzz'))).not.toThrow();
    doc.destroy();
  });
});
