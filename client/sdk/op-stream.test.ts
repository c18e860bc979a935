import { describe, expect, it } from 'vitest';
import type { Op } from '#shared';
import { eventually } from '../../e2e/support/eventually.ts';
import { OpStream, type OpStreamSpec } from './op-stream.ts';

/** A fake server: records batches, answers after `latencyMs`, and notes overlapping calls. */
function fakeSend(latencyMs: number, fail?: (call: number) => Error | undefined) {
  const batches: Op[][] = [];
  const keys: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const send = async (ops: Op[], key: string): Promise<void> => {
    keys.push(key);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, latencyMs));
    inFlight -= 1;
    const error = fail?.(batches.length);
    if (error) throw error;
    batches.push(ops);
  };
  return { send, batches, keys, maxInFlight: () => maxInFlight };
}

function textSpec(send: (ops: Op[], key: string) => Promise<unknown>, maxBatchSize = 1_000): OpStreamSpec<string> {
  return { measure: (s) => s.length, maxBatchSize, toOps: (items) => [{ op: 'text.append', id: 's', text: items.join('') }], send };
}

const sentText = (batches: Op[][]) => batches.flat().map((op) => (op.op === 'text.append' ? op.text : '')).join('');

describe('OpStream', () => {
  it('sends writes made in one interval as one batch', async () => {
    const server = fakeSend(5);
    const stream = new OpStream(textSpec(server.send), { intervalMs: 30 });
    for (let i = 0; i < 50; i++) stream.write(`${i},`);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(server.batches).toHaveLength(1);
    await stream.close();
    expect(sentText(server.batches)).toBe(Array.from({ length: 50 }, (_, i) => `${i},`).join(''));
  });

  it('keeps order and never overlaps requests while writes keep coming', async () => {
    const server = fakeSend(15);
    const stream = new OpStream(textSpec(server.send), { intervalMs: 5 });
    let expected = '';
    for (let i = 0; i < 60; i++) {
      stream.write(`<${i}>`);
      expected += `<${i}>`;
      if (i % 3 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await stream.close();
    expect(server.maxInFlight()).toBe(1);
    expect(sentText(server.batches)).toBe(expected);
    expect(server.batches.length).toBeLessThan(20);
  });

  it('splits a backlog larger than maxBatchSize into ordered batches', async () => {
    const server = fakeSend(1);
    const stream = new OpStream(textSpec(server.send, 10), { intervalMs: 1_000 });
    for (let i = 0; i < 10; i++) stream.write('abcd');
    await stream.flush();
    expect(server.batches.map((b) => (b[0]?.op === 'text.append' ? b[0].text.length : 0))).toEqual([8, 8, 8, 8, 8]);
  });

  it('flush resolves only after earlier writes are sent', async () => {
    const server = fakeSend(10);
    const stream = new OpStream(textSpec(server.send), { intervalMs: 1_000 });
    stream.write('a');
    const first = stream.flush();
    stream.write('b');
    await stream.flush();
    await first;
    expect(sentText(server.batches)).toBe('ab');
  });

  it('fails for good: rejects flush and close, throws on write, reports once', async () => {
    const boom = new Error('rejected');
    const server = fakeSend(1, (call) => (call === 1 ? boom : undefined));
    const reported: unknown[] = [];
    const stream = new OpStream(textSpec(server.send), { intervalMs: 1_000, onError: (e) => reported.push(e) });
    stream.write('ok');
    await stream.flush();
    stream.write('lost');
    await expect(stream.flush()).rejects.toBe(boom);
    expect(() => stream.write('more')).toThrow(boom);
    await expect(stream.close()).rejects.toBe(boom);
    expect(reported).toEqual([boom]);
    expect(sentText(server.batches)).toBe('ok');
  });

  it('reports a failure of a timer-driven batch to the next write', async () => {
    const boom = new Error('rejected');
    const server = fakeSend(1, () => boom);
    const stream = new OpStream(textSpec(server.send), { intervalMs: 5 });
    stream.write('x');
    await eventually(() => expect(stream.closed).toBe(true));
    expect(() => stream.write('y')).toThrow(boom);
  });

  it('refuses writes after close', async () => {
    const stream = new OpStream(textSpec(fakeSend(1).send));
    await stream.close();
    expect(() => stream.write('late')).toThrow(expect.objectContaining({ code: 'stream_closed' }));
  });

  it('gives every batch its own idempotency key', async () => {
    const server = fakeSend(1);
    const stream = new OpStream(textSpec(server.send, 4), { intervalMs: 1_000 });
    for (let i = 0; i < 5; i++) stream.write('abcd');
    await stream.close();
    expect(server.keys).toHaveLength(5);
    expect(new Set(server.keys).size).toBe(5);
    for (const key of server.keys) expect(key).toMatch(/^[\x21-\x7e]{1,255}$/);
  });

  it('says when it is past highWaterMark and lets the producer wait until there is room', async () => {
    let release: () => void = () => undefined;
    const sent: string[] = [];
    // A server that answers only when told to, like one that is down and comes back.
    const send = async (ops: Op[]) => {
      await new Promise<void>((resolve) => (release = resolve));
      sent.push(...ops.map((op) => (op.op === 'text.append' ? op.text : '')));
    };
    const stream = new OpStream(textSpec(send, 10), { intervalMs: 1, highWaterMark: 10 });
    expect(stream.write('0123456789')).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(stream.full).toBe(false); // a full batch went in flight at once, leaving room
    expect(stream.write('abcde')).toBe(true);
    expect(stream.write('fghij')).toBe(false);
    expect(stream.full).toBe(true);
    expect(stream.unsent).toBe(3);
    let ready = false;
    const waiting = stream.ready().then(() => (ready = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ready).toBe(false);
    release(); // first batch answered: the backlog goes in flight, the buffer has room
    await waiting;
    expect(stream.full).toBe(false);
    expect(stream.acknowledged).toBe(1);
    const closed = stream.close();
    await new Promise((resolve) => setTimeout(resolve, 5));
    release();
    await closed;
    expect(sent.join('')).toBe('0123456789abcdefghij');
    expect(stream.unsent).toBe(0);
    expect(stream.acknowledged).toBe(3);
  });

  it('rejects a waiting producer when the stream fails, counting what was dropped', async () => {
    const boom = new Error('final');
    let fail: (error: Error) => void = () => undefined;
    const send = () => new Promise<void>((_, reject) => (fail = reject));
    const stream = new OpStream(textSpec(send, 4), { intervalMs: 1, highWaterMark: 4 });
    stream.write('abcd');
    await new Promise((resolve) => setTimeout(resolve, 5));
    stream.write('efgh');
    stream.write('ij');
    const waiting = stream.ready();
    fail(boom);
    await expect(waiting).rejects.toBe(boom);
    expect(stream.unsent).toBe(3);
    expect(stream.acknowledged).toBe(0);
  });
});
