import path from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { startServerProcess } from '../support/server-process.ts';
import { summary, writeResult } from './stats.ts';

const BIN = path.resolve(import.meta.dirname, '../../client/cli/bin.mjs');

/**
 * MCP `apply_ops` tool-call latency (one section.upsert per call, sent by the SDK's client and
 * awaited before the next): over Streamable HTTP at /mcp (a token of the MCP client for the
 * endpoint's audience) and over stdio through `artifacts mcp` (the CLI's token for the API).
 * Each call ends when the batch is durably committed, as for the HTTP API.
 */
export async function benchMcp(calls = 1_000): Promise<Record<string, unknown>> {
  const server = await startServerProcess();
  try {
    const form = new URLSearchParams({ grant_type: 'password', client_id: 'artifacts-mcp', username: 'alice', password: 'alice', resource: `${server.url}/mcp` });
    const answer = (await (await fetch(`${server.issuer}/protocol/openid-connect/token`, { method: 'POST', body: form })).json()) as { access_token: string };
    const transports = {
      http: () => new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${answer.access_token}` } } }),
      stdio: async () =>
        new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], env: { ...getDefaultEnvironment(), ARTIFACTS_URL: server.url, ARTIFACTS_TOKEN: await server.token('alice') }, stderr: 'ignore' }),
    };
    const rows: Record<string, unknown>[] = [];
    for (const [name, transport] of Object.entries(transports)) {
      const client = new Client({ name: 'bench', version: '1.0.0' });
      await client.connect(await transport());
      try {
        const created = await client.callTool({ name: 'create_artifact', arguments: { title: `MCP bench over ${name}` } });
        const id = (created.structuredContent as { id: string }).id;
        const ms: number[] = [];
        for (let i = 0; i < calls; i++) {
          const t0 = performance.now();
          const result = await client.callTool({ name: 'apply_ops', arguments: { id, ops: [{ op: 'section.upsert', section: { id: `s${i % 50}`, type: 'markdown', text: `call ${i}` } }] } });
          ms.push(performance.now() - t0);
          if (result.isError) throw new Error(`apply_ops failed over ${name}: ${JSON.stringify(result.content)}`);
        }
        rows.push({ transport: name, applyOpsMs: summary(ms) });
      } finally {
        await client.close();
      }
    }
    const result = { calls, rows };
    await writeResult('mcp', result);
    return result;
  } finally {
    await server.dispose();
  }
}
