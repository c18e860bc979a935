/*
 * Why comments are rows beside the artifact and not part of its Yjs document: what N comments
 * cost each way. Run: `npx tsx e2e/bench/comment-storage.ts [N]` (prints numbers, asserts none).
 *
 * - in the document: every comment is a Y.Map in a Y.Array (as the sections are); measured are
 *   the state's bytes, the time to apply that state (what every viewer's sync and every load
 *   pays), and what a frozen version would carry along;
 * - as rows: the same comments inserted into the real schema on PGlite, with the bytes of the
 *   text they hold and the time to read one artifact's threads back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { openStorage } from '../../server/store/index.ts';

const N = Number(process.argv[2] ?? 2_000);
const text = (i: number) => `Comment ${i}: why did the p99 rise after the deploy at 14:02? @agent please check the retry budget.`;

function inDocument(): { stateBytes: number; applyMs: number; sectionsOnlyBytes: number } {
  const doc = new Y.Doc();
  const sections = doc.getArray<Y.Map<unknown>>('sections');
  doc.transact(() => {
    for (let s = 0; s < 20; s++) {
      const m = new Y.Map<unknown>();
      m.set('id', `s${s}`);
      m.set('type', 'markdown');
      m.set('text', new Y.Text('x'.repeat(400)));
      sections.push([m]);
    }
  });
  const sectionsOnlyBytes = Y.encodeStateAsUpdate(doc).byteLength;
  const comments = doc.getArray<Y.Map<unknown>>('comments');
  // One transaction per comment: how they would arrive, one by one from many people.
  for (let i = 0; i < N; i++) {
    doc.transact(() => {
      const c = new Y.Map<unknown>();
      for (const [k, v] of Object.entries({ id: `c${i}`, threadId: `t${i % (N / 4)}`, sectionId: `s${i % 20}`, authorId: `u${i % 7}`, authorName: 'Alice Anders', createdAt: new Date(0).toISOString() })) c.set(k, v);
      c.set('text', new Y.Text(text(i)));
      comments.push([c]);
    });
  }
  // Resolving and editing a quarter of them, as people do.
  for (let i = 0; i < N; i += 4) doc.transact(() => comments.get(i).set('editedAt', new Date(1).toISOString()));
  const state = Y.encodeStateAsUpdate(doc);
  const started = performance.now();
  const replica = new Y.Doc();
  Y.applyUpdate(replica, state);
  const applyMs = performance.now() - started;
  return { stateBytes: state.byteLength, applyMs, sectionsOnlyBytes };
}

async function asRows(): Promise<{ textBytes: number; insertMs: number; readMs: number }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'la-bench-comments-'));
  const storage = await openStorage({ dataDir });
  try {
    await storage.db.query(`insert into artifacts (id, title, owner_id, org_id) values ('a0000000000000aa', 'bench', 'u0', 'acme')`);
    const started = performance.now();
    for (let i = 0; i < N; i += 4) {
      const threadId = `t${i}`;
      const audit = { orgId: 'acme', actorId: 'u0', action: 'commented' as const, artifactId: 'a0000000000000aa', details: { threadId } };
      await storage.comments.createThread({ id: threadId, artifactId: 'a0000000000000aa', orgId: 'acme', anchor: { sectionId: `s${i % 20}` }, agent: false }, { id: `c${i}`, authorId: 'u0', authorName: 'Alice Anders', text: text(i), mentions: [], mentionHandles: [] }, { audit });
      for (let r = 1; r < 4; r++) await storage.comments.reply('a0000000000000aa', threadId, { id: `c${i + r}`, authorId: 'u1', authorName: 'Bob Baker', text: text(i + r), mentions: [], mentionHandles: [] }, { route: false, resolve: false }, { audit });
    }
    const insertMs = performance.now() - started;
    const readStarted = performance.now();
    const threads = await storage.comments.threads('a0000000000000aa');
    const readMs = performance.now() - readStarted;
    const textBytes = threads.reduce((sum, t) => sum + t.comments.reduce((s, c) => s + Buffer.byteLength(c.text), 0), 0);
    return { textBytes, insertMs, readMs };
  } finally {
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const doc = inDocument();
const rows = await asRows();
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
process.stdout.write(
  [
    `${N} comments (${N / 4} threads of 4), 20 sections of 400 characters`,
    `in the Yjs document: state ${kb(doc.stateBytes)} (sections alone ${kb(doc.sectionsOnlyBytes)}: ${(doc.stateBytes / doc.sectionsOnlyBytes).toFixed(1)}x), applying it ${doc.applyMs.toFixed(1)} ms — paid by every sync, load and frozen version`,
    `as rows: ${kb(rows.textBytes)} of text, inserted in ${rows.insertMs.toFixed(0)} ms (one transaction each, audit included), the artifact's threads read in ${rows.readMs.toFixed(1)} ms — paid only by the comment panel`,
  ].join('\n') + '\n',
);
