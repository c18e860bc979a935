import path from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../e2e/support/server-process.ts';

/*
 * `artifacts mcp` as an MCP client starts it: a real child process speaking JSON-RPC on stdio,
 * driven by the SDK's own client, against a real server with real tokens of its embedded IdP.
 */

const BIN = path.join(import.meta.dirname, 'bin.mjs');
let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess();
}, 60_000);
afterAll(async () => {
  await server?.dispose();
});

async function connect(username: string): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp'],
    env: { ...getDefaultEnvironment(), ARTIFACTS_URL: server.url, ARTIFACTS_TOKEN: await server.token(username), ARTIFACTS_CREDENTIALS: '/nonexistent/la-credentials.json' },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const client = new Client({ name: 'live-artifacts-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

const structured = (result: unknown) => ((result as { structuredContent?: Record<string, unknown> }).structuredContent ?? {}) as Record<string, unknown>;

describe('artifacts mcp (stdio)', () => {
  it('lists the tools, creates, streams 100 ops, publishes, and reports refusals as isError', async () => {
    const { client, stderr } = await connect('alice');
    try {
      const { tools } = await client.listTools();
      expect(tools).toHaveLength(18);
      expect(tools.every((t) => t.outputSchema && t.annotations?.openWorldHint === false)).toBe(true);

      const created = structured(await client.callTool({ name: 'create_artifact', arguments: { title: 'From stdio', kind: 'pr' } }));
      const id = String(created['id']);
      expect(created['url']).toBe(`${server.url}/a/${id}`);
      for (let i = 0; i < 100; i++) {
        const result = await client.callTool({ name: 'apply_ops', arguments: { id, ops: [{ op: 'section.upsert', section: { id: `s${i}`, type: 'markdown', text: `section ${i}` } }] } });
        expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      }
      const published = structured(await client.callTool({ name: 'publish', arguments: { id, message: 'from stdio' } }));
      expect(published).toMatchObject({ version: 1, url: `${server.url}/a/${id}/v/1` });
      const read = structured(await client.callTool({ name: 'get_artifact', arguments: { id } }));
      expect((read['artifact'] as { sections: unknown[] }).sections).toHaveLength(100);

      const refused = await client.callTool({ name: 'apply_ops', arguments: { id, ops: [{ op: 'text.append', id: 's0', text: 'ok' }, { op: 'table.append', id: 's1', rows: [['x']] }] } });
      expect(refused.isError).toBe(true);
      expect(structured(refused)['error']).toMatchObject({ code: 'section_type_mismatch', opIndex: 1, status: 400 });
      // Nothing but JSON-RPC went to stdout (the client would have failed to parse it); people read stderr.
      expect(stderr()).toContain('serving the Live Artifacts tools');
    } finally {
      await client.close();
    }
  });

  it("acts with the CLI's own credentials: a viewer's token cannot write", async () => {
    const { client } = await connect('vic');
    try {
      const result = await client.callTool({ name: 'create_artifact', arguments: { title: 'Not allowed' } });
      expect(result.isError).toBe(true);
      expect(structured(result)['error']).toMatchObject({ code: 'forbidden', status: 403 });
    } finally {
      await client.close();
    }
  });
});
