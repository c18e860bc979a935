import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUser } from '../idp/realm.ts';
import { startTestServer } from '../test-server.ts';
import { connectHttp, mcpToken, structured } from './test-support.ts';

/* Share roles and remix through the MCP tools, with real tokens of the embedded IdP. */

let server: Awaited<ReturnType<typeof startTestServer>>;
const clients: Record<string, Client> = {};
const idOf = (username: string) => findUser(username)!.id;

beforeAll(async () => {
  server = await startTestServer({}, { authenticator: 'idp' });
  for (const who of ['alice', 'bob', 'vic', 'carol']) clients[who] = await connectHttp(server.url, await mcpToken(server.issuer, server.url, who));
});
afterAll(async () => {
  for (const client of Object.values(clients)) await client.close();
  await server?.dispose();
});

const call = (who: string, name: string, args: Record<string, unknown>) => clients[who]!.callTool({ name, arguments: args });

describe('MCP share roles and remix', () => {
  it('shares with an editor and a viewer: the editor writes and publishes, the viewer and the editor may not share', async () => {
    const { id } = structured(await call('alice', 'create_artifact', { title: 'Roles by MCP' })) as { id: string };
    const shared = await call('alice', 'share', { id, visibility: 'restricted', users: [idOf('vic')], editors: { users: [idOf('bob')] } });
    expect(structured(shared)).toMatchObject({ visibility: 'restricted', users: [idOf('bob'), idOf('vic')].sort(), editors: { users: [idOf('bob')], groups: [] } });
    expect(JSON.stringify(shared.content)).toContain('(can edit)');

    expect((await call('bob', 'append_text', { id, section: 'notes', text: 'bob edits' })).isError).toBeFalsy();
    expect(structured(await call('bob', 'publish', { id, message: 'by bob' }))).toMatchObject({ version: 1 });
    expect(structured(await call('bob', 'share', { id, visibility: 'org' }))['error']).toMatchObject({ code: 'forbidden', status: 403 });
    expect(structured(await call('vic', 'append_text', { id, section: 'notes', text: 'vic' }))['error']).toMatchObject({ code: 'forbidden', status: 403 });
    const read = structured(await call('vic', 'get_artifact', { id }));
    expect(JSON.stringify(read['artifact'])).toContain('bob edits');
  });

  it('remixes into a private copy of the caller; another org gets not_found', async () => {
    const { id } = structured(await call('alice', 'create_artifact', { title: 'Source' })) as { id: string };
    await call('alice', 'append_text', { id, section: 'notes', text: 'original' });
    await call('alice', 'share', { id, visibility: 'org' });
    const remixed = structured(await call('bob', 'remix', { id, title: 'Bob copy' }));
    expect(remixed).toMatchObject({ remixedFrom: { id, version: null }, url: `${server.url}/a/${String(remixed['id'])}` });
    const copy = structured(await call('bob', 'get_artifact', { id: String(remixed['id']) }));
    expect(copy['artifact']).toMatchObject({ meta: { title: 'Bob copy' }, sections: [{ id: 'notes', text: 'original' }] });
    expect(structured(await call('alice', 'get_artifact', { id: String(remixed['id']) }))['error']).toMatchObject({ code: 'not_found' });
    expect(structured(await call('carol', 'remix', { id }))['error']).toMatchObject({ code: 'not_found', status: 404 });
    expect(structured(await call('vic', 'remix', { id }))['error']).toMatchObject({ code: 'forbidden', status: 403 });
  });
});
