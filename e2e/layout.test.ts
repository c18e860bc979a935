import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The repository's dependency direction: shared/ and policies/ import nothing else of the repo
 * and stay pure (no Node built-ins, no DOM or process globals outside tests); server/ and
 * client/ import those two and never each other.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
type Area = 'shared' | 'policies' | 'server' | 'client' | 'other';

const FORBIDDEN: Record<Area, Area[]> = {
  shared: ['policies', 'server', 'client'],
  policies: ['shared', 'server', 'client'],
  server: ['client'],
  client: ['server'],
  other: [],
};

const areaOf = (file: string): Area => {
  const top = file.split('/')[0] as string;
  return top === 'shared' || top === 'policies' || top === 'server' || top === 'client' ? top : 'other';
};

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
const IMPURE = /\b(?:process\.|window\.|document\.|localStorage|Date\.now\(|new Date\(\)|Math\.random\()/;

/** Returns one line per violation in the given sources (paths relative to the repo root). */
export function findViolations(files: { path: string; source: string }[]): string[] {
  const problems: string[] = [];
  for (const { path: file, source } of files) {
    const from = areaOf(file);
    const isTest = /\.test\.ts$/.test(file);
    for (const match of source.matchAll(IMPORT)) {
      const spec = (match[1] ?? match[2] ?? match[3]) as string;
      let target: Area | undefined;
      if (spec.startsWith('#')) target = spec.slice(1).split('/')[0] as Area;
      else if (spec.startsWith('.')) target = areaOf(path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)));
      if (target && FORBIDDEN[from].includes(target)) problems.push(`${file}: ${from}/ must not import ${target}/ ('${spec}')`);
      if ((from === 'shared' || from === 'policies') && !isTest && /^(node:|fs$|path$|http$|crypto$|os$)/.test(spec)) {
        problems.push(`${file}: ${from}/ is pure and must not import '${spec}'`);
      }
    }
    if ((from === 'shared' || from === 'policies') && !isTest) {
      const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      const impure = IMPURE.exec(code);
      if (impure) problems.push(`${file}: ${from}/ is pure and must not use ${impure[0]}`);
    }
  }
  return problems;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    if (name === 'node_modules' || name === 'dist') continue;
    const rel = path.posix.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.(ts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

describe('repository layout', () => {
  it('detects each kind of violation', () => {
    expect(
      findViolations([
        { path: 'shared/x.ts', source: "import { a } from '../server/app.ts';" },
        { path: 'shared/y.ts', source: "import { b } from '#policies';" },
        { path: 'policies/z.ts', source: "import fs from 'node:fs';" },
        { path: 'server/a.ts', source: "export { c } from '../client/app/main.ts';" },
        { path: 'client/app/b.ts', source: "const m = await import('../../server/app.ts');" },
        { path: 'shared/render/c.ts', source: 'const w = window.innerWidth;' },
        { path: 'shared/ok.ts', source: "import * as Y from 'yjs';\nimport { d } from './schema/index.ts';" },
        { path: 'server/ok.ts', source: "import { can } from '#policies';\nimport { e } from '#shared';" },
      ]),
    ).toEqual([
      "shared/x.ts: shared/ must not import server/ ('../server/app.ts')",
      "shared/y.ts: shared/ must not import policies/ ('#policies')",
      "policies/z.ts: policies/ is pure and must not import 'node:fs'",
      "server/a.ts: server/ must not import client/ ('../client/app/main.ts')",
      "client/app/b.ts: client/ must not import server/ ('../../server/app.ts')",
      'shared/render/c.ts: shared/ is pure and must not use window.',
    ]);
  });

  it('holds for the whole repository', () => {
    const files = ['shared', 'policies', 'server', 'client'].flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(20);
    expect(findViolations(files.map((f) => ({ path: f, source: readFileSync(path.join(ROOT, f), 'utf8') })))).toEqual([]);
  });
});
