import * as encoding from 'lib0/encoding';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frame, MESSAGE, RawSocket, syncFrame, SYNC } from '../../e2e/support/wire.ts';
import type { Logger } from '../log.ts';
import { api, eventually, startTestServer } from '../test-server.ts';
import { LibraryLog } from './logging.ts';

/*
 * Hocuspocus reports malformed frames and refused hooks with console.error / console.warn. They
 * must reach the structured log instead, at debug, with one warn summary per interval at most.
 */
interface Entry {
  level: number;
  msg: string;
  library?: string;
  total?: number;
  kinds?: Record<string, number>;
  err?: { stack?: string };
}
const DEBUG = 20;
const WARN = 40;

function memoryLogger(level: string): { logger: Logger; entries: Entry[] } {
  const entries: Entry[] = [];
  const logger = pino({ level, base: undefined }, { write: (line: string) => void entries.push(JSON.parse(line) as Entry) });
  return { logger, entries };
}

describe('what Hocuspocus prints, over a real server', () => {
  /** Whatever reaches the console during this file: it must stay empty. */
  const printed: unknown[][] = [];
  const consoleBefore = { error: console.error, warn: console.warn };
  const { logger, entries } = memoryLogger('debug');
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let id: string;
  let disposed = false;

  beforeAll(async () => {
    // Before the server exists, so its routing wraps these recorders.
    console.error = (...args: unknown[]) => void printed.push(args);
    console.warn = (...args: unknown[]) => void printed.push(args);
    server = await startTestServer({}, { logger });
    ({ id } = (await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'logs' })).body);
  });
  afterAll(async () => {
    if (!disposed) await server?.dispose();
    console.error = consoleBefore.error;
    console.warn = consoleBefore.warn;
  });

  it('logs malformed frames through the logger at debug, prints nothing, and sums them up in one warn line', async () => {
    const FLOOD = 50;
    const sockets: RawSocket[] = [];
    for (let i = 0; i < FLOOD; i++) {
      const socket = await RawSocket.open(server.url);
      sockets.push(socket);
      // An address that does not decode, then (on a fresh socket) garbage after authenticating.
      if (i % 2 === 0) socket.send(new Uint8Array([255, 255, 255]));
      else {
        expect((await socket.authenticate(id, 'test')).authenticated).toBe(true);
        socket.send(syncFrame(id, SYNC.update, new Uint8Array([7, 200, 13, 255, 255, 255, 1, 42, 99])));
        socket.send(frame(id, (e) => encoding.writeVarUint(e, 99)));
        socket.send(frame(id, (e) => encoding.writeVarUint(e, MESSAGE.sync)));
      }
    }
    const refused = await RawSocket.open(server.url);
    sockets.push(refused);
    expect((await refused.authenticate('no-such-artifact', 'test')).authenticated).toBe(false);

    const fromHocuspocus = () => entries.filter((e) => e.library === 'hocuspocus');
    await eventually(() => expect(fromHocuspocus().length).toBeGreaterThanOrEqual(FLOOD));
    await new Promise((r) => setTimeout(r, 200));
    for (const socket of sockets) socket.close();

    expect(printed).toEqual([]);
    const reports = fromHocuspocus();
    expect(reports.every((e) => e.level === DEBUG)).toBe(true);
    // Messages are one-line labels without socket ids; stacks, when any, are a field.
    expect(reports.every((e) => !e.msg.includes('\n') && !/[0-9a-f]{8}-[0-9a-f]{4}-/.test(e.msg))).toBe(true);
    expect(reports.some((e) => e.msg.includes('[onAuthenticate] no such artifact'))).toBe(true);
    expect(reports.some((e) => e.msg.startsWith('closing connection') && e.msg.includes('valid Yjs update'))).toBe(true);
    expect(reports.some((e) => e.err?.stack)).toBe(true);

    // Nothing at warn yet: the summary is written once per interval (or at shutdown).
    expect(entries.filter((e) => e.level >= WARN)).toEqual([]);
    await server.dispose();
    disposed = true;
    const summaries = entries.filter((e) => e.level >= WARN);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({ library: 'hocuspocus', total: reports.length });
  });
});

describe('LibraryLog', () => {
  it('writes at most one warn summary per interval, counting every report by kind', async () => {
    const { logger, entries } = memoryLogger('info');
    const log = new LibraryLog(logger, 100);
    for (let i = 0; i < 500; i++) log.sink('error', [`closing connection 0c6f3a4e-91b5-4d1c-9d55-7f0e8a2b1c3d (while handling doc-${i}) because of exception`, new Error('Unexpected end of array')]);
    // A failed hook is printed once per extension after it (hooks() rethrows): counted once...
    log.sink('error', ['[onAuthenticate]', 'the token is not valid']);
    log.sink('error', ['[onAuthenticate]', 'the token is not valid']);
    // ...but the same failure in a later turn is another one.
    await new Promise((r) => setImmediate(r));
    log.sink('error', ['[onAuthenticate]', 'the token is not valid']);
    expect(entries).toEqual([]);
    await eventually(() => expect(entries).toHaveLength(1), 1_000);
    expect(entries[0]).toMatchObject({
      level: WARN,
      total: 502,
      kinds: { 'closing connection <socket> because of exception Error: Unexpected end of array': 500, '[onAuthenticate] the token is not valid': 2 },
    });
    log.sink('warn', ['again']);
    await new Promise((r) => setTimeout(r, 50));
    expect(entries).toHaveLength(1);
    await eventually(() => expect(entries).toHaveLength(2), 1_000);
    expect(entries[1]).toMatchObject({ total: 1, kinds: { again: 1 } });
  });
});
