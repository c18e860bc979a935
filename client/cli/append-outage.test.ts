import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../e2e/support/eventually.ts';
import { startServerProcess, type ServerProcess } from '../../e2e/support/server-process.ts';
import { ArtifactsClient } from '../sdk/index.ts';
import { BUFFER_LIMITS } from './commands/append-sink.ts';
import { startCli } from './test-cli.ts';
import { freePort } from '../../e2e/support/ports.ts';

/*
 * `artifacts append` under a real server that is SIGKILLed and restarted on the same port and
 * data directory: every line arrives exactly once, in order, and stdin is held back (not
 * buffered without bound) while the server is away.
 */

let dataDir: string;
let port: number;
let server: ServerProcess;
let token: string;
const children: ReturnType<typeof startCli>['child'][] = [];


/** Starts the server on `port`; if another process took it meanwhile (rare), waits and tries again. */
async function startOnPort(): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServerProcess({ dataDir, env: { PORT: String(port) } });
    } catch (error: unknown) {
      if (attempt >= 10 || !String(error).includes('EADDRINUSE')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'la-outage-'));
  port = await freePort();
  server = await startOnPort();
  token = await server.token('alice');
}, 60_000);

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

afterAll(async () => {
  await server?.dispose();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function client(): ArtifactsClient {
  return new ArtifactsClient({ baseUrl: server.url, token });
}

function append(id: string) {
  const started = startCli(['append', id, '--section', 'log', '--as', 'log', '--create'], { ARTIFACTS_URL: server.url, ARTIFACTS_TOKEN: token });
  children.push(started.child);
  return started;
}

async function logText(id: string): Promise<string> {
  const section = (await client().get(id)).sections.find((s) => s.id === 'log');
  return section?.type === 'code' ? section.code : '';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Kills the server with SIGKILL (no shutdown hook, no flush) and starts it again on the same port and data. */
async function crashAndRestart(downMs: number): Promise<void> {
  await server.kill();
  await sleep(downMs);
  server = await startOnPort();
}

describe('artifacts append across a server crash', () => {
  it('delivers every line exactly once, in order, while lines keep coming before, during and after the outage', async () => {
    const { id } = await client().create({ title: 'Outage' });
    const { child, done } = append(id);
    const lines: string[] = [];
    let writing = true;
    // A steady producer, like `tail -f`: one numbered line every 20 ms, whatever the server does.
    const producer = (async () => {
      while (writing) {
        const line = `line ${String(lines.length).padStart(5, '0')}\n`;
        lines.push(line);
        child.stdin.write(line);
        await sleep(20);
      }
    })();
    await eventually(async () => expect((await logText(id)).length).toBeGreaterThan(0), 10_000);
    await sleep(500);
    const beforeCrash = lines.length;
    await crashAndRestart(1_000);
    const afterRestart = lines.length;
    await eventually(async () => expect((await logText(id)).split('\n').length).toBeGreaterThan(afterRestart), 20_000);
    await sleep(1_000);
    writing = false;
    await producer;
    child.stdin.end();
    const result = await done;

    expect(result.code, result.stderr).toBe(0);
    expect(afterRestart - beforeCrash).toBeGreaterThan(20); // lines really were written during the outage
    expect(await logText(id)).toBe(lines.join(''));
    expect(result.stdout).toBe(`appended ${lines.length} lines to log\n`);
    expect(result.stderr).toMatch(/^server unreachable \((ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET)\); retrying in [\d.]+ s…\nreconnected after \d+ s\n$/);
  }, 90_000);

  it('stops reading stdin at its bound while the server is down, then sends everything once', async () => {
    const { id } = await client().create({ title: 'Backpressure' });
    const { child, done } = append(id);
    child.stdin.write('first\n');
    await eventually(async () => expect(await logText(id)).toBe('first\n'), 10_000);
    await server.kill();

    // Write as fast as the pipe takes it until it has refused more for a second and a half.
    const lines: string[] = ['first\n'];
    for (;;) {
      const line = `${String(lines.length).padStart(6, '0')} ${'x'.repeat(80)}\n`;
      lines.push(line);
      if (child.stdin.write(line)) continue;
      const drained = await Promise.race([new Promise((resolve) => child.stdin.once('drain', () => resolve(true))), sleep(1_500).then(() => false)]);
      if (!drained) break;
      expect(lines.length).toBeLessThan(100_000); // the CLI never stopped reading: no bound
    }
    const acceptedBytes = lines.join('').length - child.stdin.writableLength;
    // The CLI holds the batch in flight and one more waiting (the bound), plus readline's and
    // the pipe's buffers (~200 KiB): 667 KB when measured, nowhere near everything written.
    expect(acceptedBytes).toBeGreaterThan(BUFFER_LIMITS.markdown);
    expect(acceptedBytes).toBeLessThan(2 * BUFFER_LIMITS.markdown + 300 * 1024);
    expect(child.exitCode).toBeNull();

    server = await startOnPort();
    child.stdin.end('last\n');
    lines.push('last\n');
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('note: the server is not keeping up; stdin is read again once the buffered lines are sent');
    expect(result.stderr.match(/not keeping up/g)).toHaveLength(1);
    expect(await logText(id)).toBe(lines.join(''));
  }, 90_000);

  it('on Ctrl-C during an outage keeps what is buffered for the server; a second Ctrl-C gives up and says what was lost', async () => {
    const { id } = await client().create({ title: 'Interrupted outage' });
    const { child, done } = append(id);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.write('kept\n');
    await eventually(async () => expect(await logText(id)).toBe('kept\n'), 10_000);
    await server.kill();
    child.stdin.write('stuck 1\nstuck 2\n');
    await eventually(() => expect(stderr).toContain('server unreachable'), 10_000);
    child.kill('SIGINT');
    await eventually(() => expect(stderr).toContain('stopping; 2 lines will be sent once the server answers (Ctrl-C again to give up on them)'));
    await sleep(500);
    expect(child.exitCode).toBeNull();
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(130);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe('gave up: 1 line appended to log, 2 not sent');
    server = await startOnPort();
    expect(await logText(id)).toBe('kept\n');
  }, 90_000);
});
