import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../e2e/support/ports.ts';
import { serverForFile } from '../../e2e/support/server-for-file.ts';
import type { ServerProcess } from '../../e2e/support/server-process.ts';
import { ArtifactsClient } from '../sdk/index.ts';
import { startCli, type CliResult } from './test-cli.ts';

/*
 * `artifacts hook` as a real child process, the way Claude Code runs a command hook: one event
 * on stdin. Against a real server it records and prints nothing; with the server down or
 * hanging it exits 0 with a warning; a hook that cannot work (not JSON, no login) exits 1.
 */

let server: ServerProcess;
let token: string;
serverForFile((s, t) => {
  server = s;
  token = t;
});

let credentialsDir: string;
beforeAll(() => {
  credentialsDir = mkdtempSync(path.join(tmpdir(), 'la-hook-cli-'));
});
afterAll(() => rmSync(credentialsDir, { recursive: true, force: true }));

function hook(stdin: string, env: Record<string, string | undefined>, args: string[] = []): Promise<CliResult> {
  // No stored login and no token unless the test gives one.
  const { child, done } = startCli(['hook', ...args], { ARTIFACTS_TOKEN: undefined, ARTIFACTS_ISSUER: undefined, ARTIFACTS_CREDENTIALS: path.join(credentialsDir, 'none.json'), ...env });
  child.stdin.end(stdin);
  return done;
}

const event = (sessionId: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ session_id: sessionId, hook_event_name: 'UserPromptSubmit', cwd: '/home/dev/shop', prompt: 'Ship the hook command', ...extra });

describe('artifacts hook', () => {
  it('records the event on the session artifact and prints nothing on stdout', async () => {
    const result = await hook(event('cli-session'), { ARTIFACTS_URL: server.url, ARTIFACTS_TOKEN: token });
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const client = new ArtifactsClient({ baseUrl: server.url, token });
    const sessions = (await client.list()).filter((a) => a.kind === 'session');
    expect(sessions.map((a) => a.title)).toContain('Ship the hook command');
    const codex = await hook(event('cli-session'), { ARTIFACTS_URL: server.url, ARTIFACTS_TOKEN: token }, ['--source', 'codex']);
    expect(codex).toMatchObject({ code: 0, stdout: '' });
    expect((await client.list()).filter((a) => a.kind === 'session')).toHaveLength(sessions.length + 1);
  });

  it('exits 0 with a warning when the server is down', async () => {
    const port = await freePort();
    const result = await hook(event('down'), { ARTIFACTS_URL: `http://127.0.0.1:${port}`, ARTIFACTS_TOKEN: token });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^warning: artifacts hook: could not reach http:\/\/127\.0\.0\.1:\d+.*the event was not recorded/);
  });

  it('exits 0 with a warning when the server does not answer within the deadline', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const result = await hook(event('slow'), { ARTIFACTS_URL: `http://127.0.0.1:${port}`, ARTIFACTS_TOKEN: token, ARTIFACTS_HOOK_TIMEOUT_MS: '300' });
      expect(result).toMatchObject({ code: 0, stdout: '' });
      expect(result.stderr).toContain('no answer from');
      expect(sockets.length).toBeGreaterThan(0);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('exits 0 with a warning when the server refuses the event itself', async () => {
    const result = await hook(JSON.stringify({ session_id: 's', hook_event_name: 'PreToolUse' }), { ARTIFACTS_URL: server.url, ARTIFACTS_TOKEN: token });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('invalid_request: tool_name');
  });

  it('exits 1 when stdin is not a hook event', async () => {
    const notJson = await hook('{"session_id": ', { ARTIFACTS_URL: server.url, ARTIFACTS_TOKEN: token });
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain('error invalid_json');
    const noSession = await hook(JSON.stringify({ hook_event_name: 'Stop' }), { ARTIFACTS_URL: server.url, ARTIFACTS_TOKEN: token });
    expect(noSession.code).toBe(1);
    expect(noSession.stderr).toContain('error invalid_hook_event: the hook event has no "session_id"');
  });

  it('exits 1, never 2 (which Claude Code reads as "block the tool"), on a mistyped flag', async () => {
    const result = await hook(event('bad-flag'), { ARTIFACTS_URL: server.url, ARTIFACTS_TOKEN: token }, ['--sauce', 'codex']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Unknown option '--sauce'");
  });

  it('exits 1 without credentials, and with credentials the server refuses', async () => {
    const none = await hook(event('no-login'), { ARTIFACTS_URL: server.url });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('error not_logged_in');
    const refused = await hook(event('bad-token'), { ARTIFACTS_URL: server.url, ARTIFACTS_TOKEN: 'not-a-real-token' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error unauthorized');
  });
});
