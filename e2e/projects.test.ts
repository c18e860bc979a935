import { globSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { createVitest } from 'vitest/node';

/*
 * The test suite's own layout: every test file runs in exactly one vitest project (the rule is in
 * e2e/vitest.config.ts), only the keycloak project starts Keycloak and only the postgres project
 * PostgreSQL, unit tests reach nothing
 * real, and `npm run typecheck` type-checks every TypeScript file, tests and helpers included.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
/** Installed, generated and run-time folders (see .gitignore): nothing in them is ours to check. */
const SKIPPED = ['**/node_modules', '.git', 'client/dist', 'data', 'test-results', 'playwright-report', 'e2e/bench/results'];

/** Repository files matching `pattern`, relative to the root. */
const repoFiles = (pattern: string): string[] =>
  globSync(pattern, { cwd: ROOT, exclude: SKIPPED }).map((f) => f.split(path.sep).join('/')).sort();

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** Test file → the names of the vitest projects that would run it, as vitest itself decides. */
async function projectsOfTests(): Promise<{ byFile: Map<string, string[]>; globalSetups: Map<string, string[]> }> {
  const vitest = await createVitest({ config: path.join(ROOT, 'e2e/vitest.config.ts'), run: false, watch: false });
  try {
    const byFile = new Map<string, string[]>();
    for (const spec of await vitest.globTestSpecifications()) {
      const file = path.relative(ROOT, spec.moduleId).split(path.sep).join('/');
      byFile.set(file, [...(byFile.get(file) ?? []), spec.project.name]);
    }
    const globalSetups = new Map(vitest.projects.map((p) => [p.name, [p.config.globalSetup].flat().map((f) => path.relative(ROOT, f))]));
    return { byFile, globalSetups };
  } finally {
    await vitest.close();
  }
}

/** The tsconfig files `npm run typecheck` passes to `tsc -p`, read from package.json. */
function typecheckedConfigs(): string[] {
  const script = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.typecheck ?? '';
  return [...script.matchAll(/tsc -p (\S+)/g)].map((m) => {
    const target = m[1] as string;
    return target.endsWith('.json') ? target : `${target}/tsconfig.json`;
  });
}

/** Every file a tsconfig puts in its program's roots (its include/exclude/files, as tsc reads them). */
function rootFilesOf(config: string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, config), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(`${config}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    },
  });
  if (!parsed) throw new Error(`${config}: unreadable`);
  return parsed.fileNames.map((f) => path.relative(ROOT, f).split(path.sep).join('/'));
}

/** What a unit test may not import directly: anything that starts servers, databases, processes or sockets. */
const NOT_PURE = /from\s+['"](?:[./]*(?:server|client\/sdk|client\/cli|e2e)\/|node:(?:child_process|net|http|https|dgram|worker_threads)|ws|pg|@electric-sql\/pglite|@hocuspocus\/)/;

describe('test projects', () => {
  it('put every test file in exactly one project; Keycloak and PostgreSQL tests by name; only those two have a global setup', async () => {
    const tests = repoFiles('**/*.test.ts');
    expect(tests.length).toBeGreaterThan(60);
    const { byFile, globalSetups } = await projectsOfTests();

    const notExactlyOne = tests.filter((f) => byFile.get(f)?.length !== 1).map((f) => `${f}: ${byFile.get(f)?.join(', ') ?? 'no project'}`);
    expect(notExactlyOne).toEqual([]);
    expect([...byFile.keys()].filter((f) => !tests.includes(f))).toEqual([]);

    const inProject = (name: string) => tests.filter((f) => byFile.get(f)?.[0] === name);
    // A file that reaches the real Keycloak (through its test helper) is named *.keycloak.test.ts, and only those are.
    const needsKeycloak = tests.filter((f) => /support\/keycloak\.ts['"]/.test(read(f)));
    expect(inProject('keycloak')).toEqual(needsKeycloak);
    // Likewise a file that reaches the real PostgreSQL is named *.postgres.test.ts, and only those are.
    const needsPostgres = tests.filter((f) => /support\/postgres\.ts['"]/.test(read(f)));
    expect(inProject('postgres')).toEqual(needsPostgres);
    expect(inProject('unit').length).toBeGreaterThan(30);
    expect(inProject('unit').filter((f) => NOT_PURE.test(read(f)))).toEqual([]);

    expect(Object.fromEntries(globalSetups)).toEqual({
      unit: [],
      integration: [],
      keycloak: ['e2e/support/global-setup.ts'],
      postgres: ['e2e/support/postgres-setup.ts'],
      cluster: [],
    });
    // A file that starts a whole deployment (support/cluster.ts, or the cluster benchmark on it) is named *.cluster.test.ts.
    const needsCluster = tests.filter((f) => /support\/cluster\.ts['"]|bench\/cluster\.ts['"]|from '\.\/cluster\.ts'/.test(read(f)));
    expect(needsCluster.filter((f) => !inProject('cluster').includes(f))).toEqual([]);
    expect(inProject('cluster').length).toBeGreaterThan(0);
  });

  it('type-check every TypeScript file with npm run typecheck', () => {
    const configs = typecheckedConfigs();
    expect(configs).toContain('shared/tsconfig.test.json');
    const checked = new Set(configs.flatMap(rootFilesOf));
    const sources = [...repoFiles('**/*.ts').filter((f) => !f.endsWith('.d.ts')), ...repoFiles('e2e/support/*.mjs')];
    expect(sources.filter((f) => !checked.has(f))).toEqual([]);
  });
});
