import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentQueue, CommentThread } from '#shared/api';
import { api, connectViewer, eventually, startTestServer } from '../test-server.ts';
import { connectHttp, mcpToken, structured, tokenFor } from './test-support.ts';

/*
 * The agent's side of comments over MCP, with real tokens of the embedded IdP: bob (in the
 * browser, here plain HTTP and a socket) asks @agent on alice's artifact; alice's agent lists
 * the thread and replies; bob's open page hears of it at once.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let agent: Client;
let aliceApi = '';
let bobApi = '';

const apiToken = async (user: string) => (await tokenFor(server.issuer, user, { clientId: 'artifacts-cli' })).body['access_token'] as string;
const call = (name: string, args: Record<string, unknown>) => agent.callTool({ name, arguments: args });

beforeAll(async () => {
  server = await startTestServer({}, { authenticator: 'idp' });
  agent = await connectHttp(server.url, await mcpToken(server.issuer, server.url, 'alice'));
  aliceApi = await apiToken('alice');
  bobApi = await apiToken('bob');
});
afterAll(async () => {
  await agent?.close();
  await server?.dispose();
});

describe('comment tools', () => {
  it('lists threads routed to the agent since a cursor, and the reply reaches the open page live', async () => {
    const { id } = structured(await call('create_artifact', { title: 'Checkout incident' })) as { id: string };
    await call('apply_ops', { id, ops: [{ op: 'section.upsert', section: { id: 'impact', type: 'markdown', text: 'p99 up' } }] });
    await call('share', { id, visibility: 'org' });
    const empty = structured(await call('list_comment_threads', {})) as AgentQueue;
    expect(empty.items).toEqual([]);

    const page = connectViewer(server.url, id, bobApi);
    const notices: unknown[] = [];
    page.provider.on('stateless', ({ payload }: { payload: string }) => payload.startsWith('{') && notices.push(JSON.parse(payload)));
    try {
      await page.synced;
      const asked = await api<CommentThread>(server.url, 'POST', `/api/artifacts/${id}/comments`, { anchor: { sectionId: 'impact' }, text: '@agent what is the p99 now?' }, bobApi);
      expect(asked.status).toBe(201);

      const listed = await call('list_comment_threads', { since: empty.cursor });
      const queue = structured(listed) as AgentQueue & { items: { url: string }[] };
      expect(queue.items).toHaveLength(1);
      expect(queue.items[0]).toMatchObject({ artifactId: id, artifactTitle: 'Checkout incident', thread: { id: asked.body.id, agent: true, comments: [{ authorName: expect.any(String), text: '@agent what is the p99 now?' }] } });
      expect(queue.items[0]!.url).toMatch(new RegExp(`/a/${id}#section-impact$`));

      const replied = await call('reply_to_comment', { id, threadId: asked.body.id, text: 'p99 is 420 ms, back to normal', resolve: true });
      expect(replied.isError).toBeFalsy();
      expect(structured(replied)).toMatchObject({ status: 'resolved', comments: [{}, { text: 'p99 is 420 ms, back to normal', viaAgent: true, authorId: expect.any(String) }] });
      await eventually(() => expect(notices).toContainEqual({ type: 'comments', threadId: asked.body.id, change: 'resolved' }));

      // What bob's page reads on that notice: the reply, from alice's identity (never the client's).
      const thread = await api<CommentThread>(server.url, 'GET', `/api/artifacts/${id}/comments/${asked.body.id}`, undefined, bobApi);
      expect(thread.body.comments.at(-1)).toMatchObject({ authorName: (await api<{ name: string }>(server.url, 'GET', '/api/me', undefined, aliceApi)).body.name, viaAgent: true });
      // Resolved, and nothing routed since: the queue is empty from the last cursor on.
      expect((structured(await call('list_comment_threads', { since: queue.cursor })) as AgentQueue).items).toEqual([]);
    } finally {
      page.close();
    }
  });

  it('reports a refusal with its code: bob’s agent may not answer on alice’s artifact it cannot read', async () => {
    const { id } = structured(await call('create_artifact', { title: 'Private' })) as { id: string };
    const bobAgent = await connectHttp(server.url, await mcpToken(server.issuer, server.url, 'bob'));
    try {
      const result = await bobAgent.callTool({ name: 'reply_to_comment', arguments: { id, threadId: 'nope', text: 'hi' } });
      expect(result.isError).toBe(true);
      expect(structured(result)['error']).toMatchObject({ code: 'not_found', status: 404 });
    } finally {
      await bobAgent.close();
    }
  });
});
