import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

/*
 * Tests of the MCP endpoint: real tokens of the server's embedded IdP and the SDK's own client.
 */

export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** The password grant of a development client for a demo user (password = user name), optionally for a resource (RFC 8707). */
export async function tokenFor(issuer: string, username: string, params: { clientId?: string; resource?: string } = {}): Promise<TokenAnswer> {
  const form = new URLSearchParams({ grant_type: 'password', client_id: params.clientId ?? 'artifacts-mcp', username, password: username });
  if (params.resource) form.set('resource', params.resource);
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, { method: 'POST', body: form });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** An access token for the MCP endpoint at `serverUrl` (`aud` = `<serverUrl>/mcp`). */
export async function mcpToken(issuer: string, serverUrl: string, username: string): Promise<string> {
  const answer = await tokenFor(issuer, username, { resource: `${serverUrl}/mcp` });
  const token = answer.body['access_token'];
  if (answer.status !== 200 || typeof token !== 'string') throw new Error(`no MCP token for ${username}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return token;
}

/** The SDK's client over Streamable HTTP with a bearer token; close it after use. */
export async function connectHttp(serverUrl: string, token: string): Promise<Client> {
  const client = new Client({ name: 'live-artifacts-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${serverUrl}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}

/** A tool call's structured content (or error) as a plain record. */
export function structured(result: unknown): Record<string, unknown> {
  return ((result as { structuredContent?: Record<string, unknown> }).structuredContent ?? {}) as Record<string, unknown>;
}
