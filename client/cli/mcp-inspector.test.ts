import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../e2e/support/server-process.ts';

/*
 * The official MCP Inspector in CLI mode against `artifacts mcp`. The Inspector is not a project
 * dependency: install it once with `npx -y @modelcontextprotocol/inspector --cli --help` (or
 * point MCP_INSPECTOR_BIN at its `mcp-inspector`); without it these tests are skipped. The token
 * reaches the server through the Inspector's config file (mode 0600), never through arguments.
 */

function findInspector(): string | undefined {
  if (process.env.MCP_INSPECTOR_BIN) return process.env.MCP_INSPECTOR_BIN;
  const cache = path.join(homedir(), '.npm/_npx');
  if (!existsSync(cache)) return undefined;
  return readdirSync(cache).map((d) => path.join(cache, d, 'node_modules/.bin/mcp-inspector')).find((bin) => existsSync(bin));
}

const inspector = findInspector();
const run = promisify(execFile);
const BIN = path.join(import.meta.dirname, 'bin.mjs');
let server: ServerProcess;
let dir: string;
let config: string;

describe.skipIf(!inspector)('MCP Inspector (CLI mode) against artifacts mcp', () => {
  beforeAll(async () => {
    server = await startServerProcess();
    dir = mkdtempSync(path.join(tmpdir(), 'la-inspector-'));
    config = path.join(dir, 'mcp.json');
    const env = { ARTIFACTS_URL: server.url, ARTIFACTS_TOKEN: await server.token('alice') };
    writeFileSync(config, JSON.stringify({ mcpServers: { 'live-artifacts': { command: process.execPath, args: [BIN, 'mcp'], env } } }), { mode: 0o600 });
  }, 60_000);
  afterAll(async () => {
    await server?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const inspect = async (...args: string[]) => {
    const { stdout } = await run(inspector!, ['--cli', '--config', config, '--server', 'live-artifacts', ...args], {
      env: { ...process.env, MCP_INSPECTOR_SECRET_STORE: 'memory' },
      timeout: 60_000,
    });
    return JSON.parse(stdout) as Record<string, unknown>;
  };

  it('lists the tools and calls create_artifact', async () => {
    const listed = (await inspect('--method', 'tools/list')) as { tools: { name: string }[] };
    expect(listed.tools.map((t) => t.name)).toContain('apply_ops');
    const created = (await inspect('--method', 'tools/call', '--tool-name', 'create_artifact', '--tool-arg', 'title=From the Inspector')) as { structuredContent: { url: string } };
    expect(created.structuredContent.url).toMatch(new RegExp(`^${server.url}/a/[a-z0-9]{16}$`));
  });
});

if (!inspector) {
  describe('MCP Inspector (CLI mode)', () => {
    it.skip('is not installed: run `npx -y @modelcontextprotocol/inspector --cli --help` once, or set MCP_INSPECTOR_BIN', () => {});
  });
}
