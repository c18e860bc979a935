import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { atLeast, MIN_NODE, MIN_NODE_FOR_TELEMETRY } from './runtime.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/** A Node.js older than the minimum on this machine (the machines here ship 20), if there is one. */
function olderNode(): string | undefined {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
    const probe = spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    if (probe.status === 0 && !atLeast(MIN_NODE, probe.stdout.trim())) return candidate;
  }
  return undefined;
}

describe('the supported Node.js', () => {
  it('is 22.12 or newer, and 22.15 or newer for telemetry', () => {
    const table: [string, boolean, boolean][] = [
      ['20.20.2', false, false],
      ['22.11.9', false, false],
      ['22.12.0', true, false],
      ['22.14.1', true, false],
      ['22.15.0', true, true],
      ['23.0.0', true, true],
      ['24.22.3', true, true],
      ['100.0.0', true, true],
    ];
    expect(table.map(([version]) => [version, atLeast(MIN_NODE, version), atLeast(MIN_NODE_FOR_TELEMETRY, version)])).toEqual(table);
  });

  it('runs this test suite', () => {
    expect(atLeast(MIN_NODE), `vitest runs on ${process.version}`).toBe(true);
  });

  const older = olderNode();
  it.skipIf(!older)('stops an older Node.js with one clear line before anything loads', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'la-old-node-'));
    try {
      const run = spawnSync(older!, ['--import', 'tsx', path.join(ROOT, 'server/main.ts')], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, PORT: '0', USERCONTENT_PORT: '0', DATA_DIR: dataDir, DEMO: '0' },
      });
      expect({ status: run.status, stderr: run.stderr.trim(), stdout: run.stdout }).toEqual({
        status: 1,
        stderr: expect.stringMatching(/^Live Artifacts needs Node\.js 22\.12 or newer \(tested on 24 LTS\); this is v\d+\.\d+\.\d+\. README/),
        stdout: '',
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
