import { globSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The repository stands alone: code, configs and scripts say what they mean, or point to what
 * ships with the code (the README, the OpenAPI document at GET /api/openapi.json), never to a
 * contract or design document kept somewhere else.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const SKIPPED = ['**/node_modules', '.git', 'client/dist', 'data', 'test-results', 'playwright-report', 'e2e/bench/results'];

/** A reference to a document that is not in the repository. */
const OUTSIDE_DOCUMENT = /\b(?:CONTRACT|DESIGN)(?:\.md|\s*§)|\bCONTRACT\b|\bthe (?:contract|design)\b/i;

/** Each line of `files` that cites an outside document, as `path:line: text`. */
export function outsideCitations(files: { path: string; source: string }[]): string[] {
  return files.flatMap(({ path: file, source }) =>
    source.split('\n').flatMap((line, i) => (OUTSIDE_DOCUMENT.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe('the repository stands alone', () => {
  it('recognises citations of outside documents, and not the plain words', () => {
    expect(
      outsideCitations([
        { path: 'a.ts', source: '/** See CONTRACT.md "Ops". */\n/** By design: main.ts imports it first. */' },
        { path: 'b.ts', source: ' * Org governance (DESIGN §8)\n * the contract\'s error body\n * contracted work' },
      ]),
    ).toEqual(['a.ts:1: /** See CONTRACT.md "Ops". */', 'b.ts:1: * Org governance (DESIGN §8)', "b.ts:2: * the contract's error body"]);
  });

  it('holds for every source, config and script', () => {
    const files = globSync('**/*.{ts,mts,cts,js,mjs,cjs,json,sh,html,css}', { cwd: ROOT, exclude: [...SKIPPED, 'package-lock.json', 'e2e/self-contained.test.ts'] })
      .concat(globSync('.ci/*', { cwd: ROOT }))
      .map((f) => f.split(path.sep).join('/'));
    expect(files.length).toBeGreaterThan(100);
    expect(outsideCitations(files.map((f) => ({ path: f, source: readFileSync(path.join(ROOT, f), 'utf8') })))).toEqual([]);
  });
});
