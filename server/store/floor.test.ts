import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The storage floor's boundary, read from the sources: the floor (this folder) imports none of
 * the layers above it, and above it no production file writes SQL, opens the database or
 * reaches past the floor's index.
 */
const SERVER = path.resolve(import.meta.dirname, '..');
const ABOVE = ['audit', 'auth', 'collab', 'demo', 'governance', 'http', 'idp', 'telemetry/http.ts', 'versions', 'app.ts', 'main.ts'];
const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const SQL = /['"`]\s*(?:select|insert\s+into|update\s+\w+\s+set|delete\s+from|create\s+(?:table|index|function|trigger)|alter\s+table|truncate)\b/i;

/** Tests and their helpers (`*.cases.ts`: suites run on both drivers) may reach anything. */
const isProduction = (file: string) => !/\.test\.ts$|\.cases\.ts$|test-support\.ts$|test-server\.ts$|test-drivers\.ts$/.test(file);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return name.endsWith('.ts') ? [path.relative(SERVER, full).split(path.sep).join('/')] : [];
  });
}

const imports = (file: string) =>
  [...readFileSync(path.join(SERVER, file), 'utf8').matchAll(IMPORT)]
    .map((m) => (m[1] ?? m[2]) as string)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)));

/** Violations of the floor's rules among `sources` (paths relative to server/). */
export function floorViolations(sources: { file: string; source: string; imports: string[] }[]): string[] {
  const problems: string[] = [];
  for (const { file, source, imports: targets } of sources) {
    if (!isProduction(file)) continue;
    if (file.startsWith('store/')) {
      for (const target of targets) if (ABOVE.some((layer) => target === layer || target.startsWith(`${layer}/`))) problems.push(`${file}: the floor must not import ${target}`);
      if (source.split('\n').length > 300) problems.push(`${file}: over 300 lines`);
      continue;
    }
    for (const target of targets) if (target.startsWith('store/') && target !== 'store/index.ts') problems.push(`${file}: reaches past the floor's index (${target})`);
    const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    if (SQL.test(code)) problems.push(`${file}: writes SQL above the floor`);
    if (/\.db\.(?:query|exec|transaction)\(/.test(code)) problems.push(`${file}: queries the database handle above the floor`);
  }
  return problems;
}

describe('storage floor', () => {
  it('detects each kind of violation', () => {
    expect(
      floorViolations([
        { file: 'store/x.ts', source: '', imports: ['audit/audit-writer.ts'] },
        { file: 'store/y.ts', source: '', imports: ['governance/index.ts', 'errors.ts', 'telemetry/index.ts'] },
        { file: 'http/a.ts', source: "await db.query('select 1')", imports: ['store/sql.ts'] },
        { file: 'governance/b.ts', source: 'await deps.store.db.transaction(fn)', imports: ['store/index.ts'] },
        { file: 'http/ok.ts', source: "// select the rows\nconst label = 'selected';", imports: ['store/index.ts'] },
        { file: 'http/c.test.ts', source: "await db.query('select 1')", imports: ['store/pglite.ts'] },
      ]),
    ).toEqual([
      'store/x.ts: the floor must not import audit/audit-writer.ts',
      'store/y.ts: the floor must not import governance/index.ts',
      "http/a.ts: reaches past the floor's index (store/sql.ts)",
      'http/a.ts: writes SQL above the floor',
      'governance/b.ts: queries the database handle above the floor',
    ]);
  });

  it('holds for the server', () => {
    const all = files(SERVER);
    expect(all.filter((f) => f.startsWith('store/') && isProduction(f)).length).toBeGreaterThan(10);
    expect(floorViolations(all.map((file) => ({ file, source: readFileSync(path.join(SERVER, file), 'utf8'), imports: imports(file) })))).toEqual([]);
  });
});
