import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYCLOAK_ISSUER } from '../../e2e/support/keycloak.ts';
import { startTestServer } from '../test-server.ts';
import { connectHttp, structured, tokenFor } from './test-support.ts';

/*
 * /mcp against the real Keycloak of infra/keycloak: a token of the `artifacts-mcp` client
 * (whose audience mapper adds `artifacts-mcp`, MCP_AUDIENCE's default) works there; one of
 * `artifacts-cli` (audience `artifacts-api`) is refused with the 401 challenge.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ OIDC_ISSUER: KEYCLOAK_ISSUER });
});
afterAll(async () => {
  await server?.dispose();
});

const accessToken = async (clientId: string) => {
  const answer = await tokenFor(KEYCLOAK_ISSUER, 'alice', { clientId });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return String(answer.body['access_token']);
};

describe('/mcp with Keycloak tokens', () => {
  it('accepts a token of artifacts-mcp and acts as its user', async () => {
    const client = await connectHttp(server.url, await accessToken('artifacts-mcp'));
    try {
      const created = structured(await client.callTool({ name: 'create_artifact', arguments: { title: 'Via Keycloak and MCP' } }));
      expect(created['url']).toMatch(new RegExp(`^${server.url}/a/[a-z0-9]{16}$`));
      const listed = structured(await client.callTool({ name: 'list_artifacts', arguments: {} }));
      expect((listed['artifacts'] as { id: string; ownerName: string }[]).find((a) => a.id === created['id'])).toMatchObject({ ownerName: 'Alice Anders' });
    } finally {
      await client.close();
    }
  });

  it('refuses a token of artifacts-cli (audience artifacts-api) with the resource metadata challenge', async () => {
    const response = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await accessToken('artifacts-cli')}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain(`resource_metadata="${server.url}/.well-known/oauth-protected-resource/mcp"`);
    const metadata = (await (await fetch(`${server.url}/.well-known/oauth-protected-resource/mcp`)).json()) as { authorization_servers: string[] };
    expect(metadata.authorization_servers).toEqual([KEYCLOAK_ISSUER]);
  });
});
