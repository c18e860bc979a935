import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { captureUnannounced } from './server-change.ts';
import { WriteGate } from './write-gate.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A document whose broadcasts (its 'update' listeners) are recorded, and its gate. */
function setup() {
  const doc = new Y.Doc();
  // What a viewer would show after each broadcast.
  const announced: string[] = [];
  const viewer = new Y.Doc();
  doc.on('update', (update: Uint8Array) => {
    Y.applyUpdate(viewer, update);
    announced.push(viewer.getText('t').toString());
  });
  const poisoned: WriteGate[] = [];
  const gate = new WriteGate(doc, (g) => poisoned.push(g));
  const origin = { source: 'local' };
  /** Appends `text` unannounced through the gate and registers it. */
  const change = (text: string) =>
    gate.change(() => {
      const captured = captureUnannounced(doc, origin, () => doc.transact(() => doc.getText('t').insert(doc.getText('t').length, text), origin));
      return gate.begin(captured.update!, origin, captured.transaction);
    });
  return { doc, gate, announced, poisoned, change };
}

describe('WriteGate', () => {
  it('announces a change only once committed, in the order the changes were made', async () => {
    const { doc, gate, announced, change } = setup();
    const a = await change('a');
    const b = await change('b');
    expect(doc.getText('t').toString()).toBe('ab');
    expect(announced).toEqual([]);
    gate.committed(b); // b committed first: still waits for a
    expect(announced).toEqual([]);
    gate.committed(a);
    expect(announced).toEqual(['a', 'ab']);
  });

  it('a hold waits for pending changes and keeps new ones out until released', async () => {
    const { gate, change } = setup();
    const a = await change('a');
    let held = false;
    const hold = gate.hold().then((release) => ((held = true), release));
    await tick();
    expect(held).toBe(false);
    let changed = false;
    const next = change('b').then((t) => ((changed = true), t));
    gate.committed(a);
    const release = await hold;
    await tick();
    expect(changed).toBe(false); // a waiting or active hold comes first
    release();
    gate.committed(await next);
    expect(changed).toBe(true);
  });

  it('after a failed commit refuses everything, announces nothing more and reports once', async () => {
    const { gate, announced, poisoned, change } = setup();
    const a = await change('a');
    const b = await change('b');
    gate.failed(a);
    expect(b.refused).toBe(true);
    gate.committed(b); // stored anyway (e.g. it landed unseen): viewers get it by resyncing
    expect(announced).toEqual([]);
    await expect(change('c')).rejects.toMatchObject({ code: 'reloading' });
    await expect(gate.hold()).rejects.toMatchObject({ code: 'reloading' });
    a.failed();
    expect(poisoned).toHaveLength(1);
    expect(gate.idle).toBe(true);
  });

  it('runs a change alone once nothing is pending, holding off changes and holds meanwhile', async () => {
    const { gate, change } = setup();
    const a = await change('a');
    const order: string[] = [];
    const alone = gate.alone(async () => {
      order.push('alone');
      await tick();
      await tick();
      order.push('alone done');
    });
    await tick();
    expect(order).toEqual([]);
    gate.committed(a);
    await tick();
    const read = gate.read(() => order.push('read'));
    await alone;
    await read;
    expect(order).toEqual(['alone', 'alone done', 'read']);
  });
});
