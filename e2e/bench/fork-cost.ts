import * as Y from 'yjs';
import { applyOps } from '#shared';
import { captureUnannounced } from '../../server/collab/server-change.ts';
import { documentBytes, mixedSectionBatches } from './harness/fixtures.ts';
import { median } from './harness/report-math.ts';

/**
 * What "compute the update on a fork" would cost per op batch, next to what the server does:
 * apply the batch unannounced to the live document (listeners set aside) and announce it
 * after the commit. `npm run bench -- --only=fork-cost`.
 */
export async function benchForkCost(sections: number[] = [1_000, 10_000], batches = 50): Promise<string> {
  const lines = ['| sections | fork per batch (encode + apply) ms | unannounced apply per batch ms |', '|---|---|---|'];
  for (const count of sections) {
    const live = new Y.Doc();
    Y.applyUpdate(live, documentBytes(mixedSectionBatches(count)));
    applyOps(live, { ops: [{ op: 'section.upsert', section: { id: 'log', type: 'markdown', text: '' } }] }, { newId: () => Math.random().toString(36).slice(2) });
    live.on('update', () => undefined); // the broadcast listener Hocuspocus always has
    const fork: number[] = [];
    const direct: number[] = [];
    for (let i = 0; i < batches; i++) {
      const body = { ops: [{ op: 'text.append', id: 'log', text: `line ${i}\n` }] };
      let t0 = performance.now();
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(live));
      applyOps(copy, body, { newId: () => 'x' });
      copy.destroy();
      fork.push(performance.now() - t0);
      t0 = performance.now();
      const origin = {};
      const captured = captureUnannounced(live, origin, () => applyOps(live, body, { origin, newId: () => 'x' }));
      live.emit('update', [captured.update!, origin, live, captured.transaction!]);
      direct.push(performance.now() - t0);
    }
    lines.push(`| ${count.toLocaleString('en')} | ${median(fork).toFixed(1)} | ${median(direct).toFixed(3)} |`);
    live.destroy();
  }
  return lines.join('\n');
}
