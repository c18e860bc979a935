import type { Client } from '@modelcontextprotocol/client';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../test-server.ts';
import { connectHttp, mcpToken, structured, tokenFor } from './test-support.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let alice: Client;
let aliceToken: string;

beforeAll(async () => {
  server = await startTestServer({}, { authenticator: 'idp' });
  aliceToken = await mcpToken(server.issuer, server.url, 'alice');
  alice = await connectHttp(server.url, aliceToken);
});
afterAll(async () => {
  await alice?.close();
  await server?.dispose();
});

const call = (client: Client, name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args });
const mcpPost = (headers: Record<string, string>) =>
  fetch(`${server.url}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });

describe('MCP over Streamable HTTP at /mcp', () => {
  it('lists every tool with its hints and an output schema', async () => {
    const { tools } = await alice.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      'learn_ops', 'list_artifacts', 'get_artifact', 'create_artifact', 'apply_ops', 'append_text', 'add_timeline_events', 'set_metrics',
      'publish', 'list_versions', 'diff', 'restore', 'pin', 'unpin', 'share', 'remix', 'list_comment_threads', 'reply_to_comment',
    ]);
    for (const tool of tools) {
      expect(tool.outputSchema, tool.name).toMatchObject({ type: 'object' });
      expect(tool.annotations, tool.name).toMatchObject({ openWorldHint: false, readOnlyHint: expect.any(Boolean), destructiveHint: expect.any(Boolean), idempotentHint: expect.any(Boolean) });
    }
    expect(tools.find((t) => t.name === 'get_artifact')?.annotations?.readOnlyHint).toBe(true);
    expect(tools.find((t) => t.name === 'apply_ops')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
  });

  it('creates an artifact, streams 100 ops, publishes, and reads back what the API stored', async () => {
    const created = structured(await call(alice, 'create_artifact', { title: 'Checkout incident', kind: 'incident' }));
    const id = String(created['id']);
    expect(created['url']).toBe(`${server.url}/a/${id}`);
    for (let i = 0; i < 100; i++) {
      const result = await call(alice, 'append_text', { id, section: 'log', text: `line ${i}\n` });
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    }
    const published = structured(await call(alice, 'publish', { id, message: 'first cut', gitCommit: '9f2c1ab' }));
    expect(published).toMatchObject({ version: 1, url: `${server.url}/a/${id}/v/1`, artifactUrl: `${server.url}/a/${id}` });
    const read = structured(await call(alice, 'get_artifact', { id }));
    const log = (read['artifact'] as { sections: { id: string; text?: string }[] }).sections.find((s) => s.id === 'log');
    expect(log?.text).toBe(Array.from({ length: 100 }, (_, i) => `line ${i}\n`).join(''));
    // Every op went through the API: the durable store has it, and the version is on record.
    const versions = structured(await call(alice, 'list_versions', { id }));
    expect(versions['versions']).toMatchObject([{ version: 1, message: 'first cut', gitCommit: '9f2c1ab' }]);
  });

  it('creates from a template: the skeleton is there at once, ready for the agent to fill', async () => {
    const { id } = structured(await call(alice, 'create_artifact', { title: 'PR 12: cart', template: 'pr' })) as { id: string };
    const read = structured(await call(alice, 'get_artifact', { id }));
    const artifact = read['artifact'] as { meta: { kind: string }; sections: { id: string; type: string }[] };
    expect(artifact.meta.kind).toBe('pr');
    expect(artifact.sections.map((s) => `${s.id}:${s.type}`)).toEqual(['summary:markdown', 'files:table', 'commits:timeline', 'review:checklist']);
    const unknown = await call(alice, 'create_artifact', { title: 'Nope', template: 'poem' });
    expect(unknown.isError).toBe(true);
  });

  it('answers a rejected batch with isError, the stable code, the op index and the path; nothing is applied', async () => {
    const { id } = structured(await call(alice, 'create_artifact', { title: 'Errors' })) as { id: string };
    const result = await call(alice, 'apply_ops', {
      id,
      ops: [
        { op: 'section.upsert', section: { id: 'a', type: 'markdown', text: 'kept?' } },
        { op: 'text.append', id: 'missing', text: 'x' },
      ],
    });
    expect(result.isError).toBe(true);
    expect(structured(result)['error']).toMatchObject({ code: 'section_not_found', opIndex: 1, status: 400 });
    expect(JSON.stringify(result.content)).toMatch(/section_not_found \(op 1/);
    const read = structured(await call(alice, 'get_artifact', { id }));
    expect((read['artifact'] as { sections: unknown[] }).sections).toEqual([]);
    // A field of the wrong type is refused by the op schema itself, before any request.
    const invalid = await call(alice, 'apply_ops', { id, ops: [{ op: 'section.upsert', section: { id: 'b', type: 'nope' } }] });
    expect(invalid.isError).toBe(true);
    expect(JSON.stringify(invalid.content)).toContain('ops');
  });

  it("lets a viewer read but not write, and another org not even read", async () => {
    const { id } = structured(await call(alice, 'create_artifact', { title: 'Shared with acme' })) as { id: string };
    expect(structured(await call(alice, 'share', { id, visibility: 'org' }))).toMatchObject({ visibility: 'org' });
    const vic = await connectHttp(server.url, await mcpToken(server.issuer, server.url, 'vic'));
    const carol = await connectHttp(server.url, await mcpToken(server.issuer, server.url, 'carol'));
    try {
      expect((await call(vic, 'get_artifact', { id })).isError).toBeFalsy();
      const write = await call(vic, 'append_text', { id, section: 'notes', text: 'vic was here' });
      expect(write.isError).toBe(true);
      expect(structured(write)['error']).toMatchObject({ code: 'forbidden', status: 403 });
      const create = await call(vic, 'create_artifact', { title: 'Not allowed' });
      expect(structured(create)['error']).toMatchObject({ code: 'forbidden' });
      const foreign = await call(carol, 'get_artifact', { id });
      expect(structured(foreign)['error']).toMatchObject({ code: 'not_found', status: 404 });
      expect(structured(await call(carol, 'list_artifacts', {}))['artifacts']).toEqual([]);
    } finally {
      await vic.close();
      await carol.close();
    }
  });

  it('refuses a missing token and a token without its audience with 401 and the resource metadata challenge', async () => {
    const challenge = `Bearer error="invalid_token"`;
    const metadataUrl = `${server.url}/.well-known/oauth-protected-resource/mcp`;
    const apiToken = String((await tokenFor(server.issuer, 'alice', { clientId: 'artifacts-cli' })).body['access_token']);
    for (const headers of [{}, { authorization: `Bearer ${apiToken}` }, { authorization: 'Bearer not-a-jwt' }] as Record<string, string>[]) {
      const response = await mcpPost(headers);
      expect(response.status).toBe(401);
      const header = String(response.headers.get('www-authenticate'));
      expect(header).toContain(challenge);
      expect(header).toContain(`resource_metadata="${metadataUrl}"`);
    }
    // And the other way round: a token for /mcp is not one for the API.
    expect((await fetch(`${server.url}/api/artifacts`, { headers: { authorization: `Bearer ${aliceToken}` } })).status).toBe(401);
    // The API token's client may not get a token for /mcp at all.
    expect((await tokenFor(server.issuer, 'alice', { clientId: 'artifacts-cli', resource: `${server.url}/mcp` })).status).toBe(400);
  });

  it('publishes RFC 9728 metadata naming the issuer', async () => {
    const response = await fetch(`${server.url}/.well-known/oauth-protected-resource/mcp`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ resource: `${server.url}/mcp`, authorization_servers: [server.issuer], bearer_methods_supported: ['header'], scopes_supported: expect.arrayContaining(['openid']) });
  });

  it('refuses browser pages of other origins and foreign Host headers', async () => {
    const auth = { authorization: `Bearer ${aliceToken}` };
    expect((await mcpPost({ ...auth, origin: 'https://evil.example' })).status).toBe(403);
    expect((await mcpPost({ ...auth, origin: server.url })).status).toBe(200);
    // fetch sends its own Host; a rebinding page's request is one with a foreign Host.
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/mcp`, { method: 'POST', headers: { ...auth, host: 'evil.example', 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(rebound).toBe(403);
  });

  it('cannot be reached around the token: nothing from the network sets the in-process caller', async () => {
    // The in-process caller lives in hono's env bindings; @hono/node-server sets those to
    // { incoming, outgoing }. Whatever a request says, /api still wants a token.
    const forged = await fetch(`${server.url}/api/artifacts`, { method: 'POST', headers: { 'content-type': 'application/json', mcp: JSON.stringify({ session: { userId: 'x' } }) }, body: JSON.stringify({ title: 'forged', mcp: { session: {} } }) });
    expect(forged.status).toBe(401);
  });
});
