import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ArtifactStore } from './artifact-store.ts';
import { openStore } from './index.ts';
import { UpdateLog } from './update-log.ts';

let dataDir: string;
let store: ArtifactStore;
beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'la-log-'));
  store = await openStore({ dataDir });
  await store.createArtifact({ id: 'aaaaaaaaaaaaaaaa', title: 't', kind: 'k', ownerId: 'u', orgId: 'o' });
});
afterEach(async () => {
  await store.db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const entry = (n: number) => ({ artifactId: 'aaaaaaaaaaaaaaaa', data: new Uint8Array([n % 256, 1, 2]) });

it('commits appends of one event-loop turn together, and those arriving during a commit in the next', async () => {
  const log = new UpdateLog(store);
  const first = Array.from({ length: 100 }, (_, i) => log.append(entry(i)));
  // Let the first commit start, then append while it runs.
  await new Promise((r) => setImmediate(r));
  const second = Array.from({ length: 50 }, (_, i) => log.append(entry(100 + i)));
  await Promise.all([...first, ...second]);
  expect(log.stats).toEqual({ commits: 2, entries: 150 });
  const stored = await store.loadDocument('aaaaaaaaaaaaaaaa');
  expect(stored.updates.map((u) => u[0])).toEqual(Array.from({ length: 150 }, (_, i) => i % 256));
});

it('resolves an append only once its entry is committed', async () => {
  const log = new UpdateLog(store);
  let resolved = false;
  const pending = log.append(entry(7)).then(() => (resolved = true));
  expect(resolved).toBe(false);
  await pending;
  expect((await store.loadDocument('aaaaaaaaaaaaaaaa')).updates).toHaveLength(1);
});

it('rejects every append of a failed commit and commits nothing of it', async () => {
  const log = new UpdateLog(store);
  // A title of null breaks a NOT NULL constraint after the inserts ran: the database rolls all back.
  const broken = { ...entry(9), meta: { title: null as unknown as string } };
  const results = await Promise.allSettled([log.append(entry(1)), log.append(broken)]);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  expect((await store.loadDocument('aaaaaaaaaaaaaaaa')).updates).toHaveLength(0);
  await log.append(entry(2));
  expect((await store.loadDocument('aaaaaaaaaaaaaaaa')).updates).toHaveLength(1);
});

it('rejects only the appends of an artifact deleted meanwhile; the rest of the commit is stored', async () => {
  await store.createArtifact({ id: 'bbbbbbbbbbbbbbbb', title: 'doomed', kind: 'k', ownerId: 'u', orgId: 'o' });
  const log = new UpdateLog(store);
  const kept = log.append(entry(1));
  const doomed = log.append({ artifactId: 'bbbbbbbbbbbbbbbb', data: new Uint8Array([5]) });
  await store.deleteArtifact('bbbbbbbbbbbbbbbb'); // before the group commit runs
  const results = await Promise.allSettled([kept, doomed]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
  expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'not_found' });
  expect((await store.loadDocument('aaaaaaaaaaaaaaaa')).updates).toHaveLength(1);
  expect(log.stats).toEqual({ commits: 1, entries: 1 });
});
