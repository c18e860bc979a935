import { Client, StreamableHTTPClientTransport, UnauthorizedError, type OAuthClientProvider, type OAuthDiscoveryState, type OAuthTokens } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode, TestBrowser } from '../idp/test-support.ts';
import { startTestServer } from '../test-server.ts';

/*
 * What an MCP client does the first time it meets /mcp, walked with the SDK's own OAuth support
 * against the embedded IdP: 401 → resource_metadata → protected resource metadata → the
 * authorization server's metadata → authorization code + PKCE with `resource` → the login form
 * (as alice) → a loopback redirect with a code → the token → a tool call.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({}, { authenticator: 'idp' });
});
afterAll(async () => {
  await server?.dispose();
});

/** A pre-registered public client (the embedded IdP has no dynamic registration), state in memory. */
class TestProvider implements OAuthClientProvider {
  // Any loopback port: RFC 8252 native clients choose theirs at run time.
  readonly redirectUrl = 'http://127.0.0.1:53682/callback';
  readonly clientMetadata = { client_name: 'test', redirect_uris: [this.redirectUrl], application_type: 'native' };
  authorizationUrl: URL | undefined;
  saved: OAuthTokens | undefined;
  private verifier = '';
  private discovery: OAuthDiscoveryState | undefined;
  clientInformation() {
    return { client_id: 'artifacts-mcp' };
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  // The code is exchanged at the authorization server discovery found, nowhere else.
  saveDiscoveryState(state: OAuthDiscoveryState) {
    this.discovery = state;
  }
  discoveryState() {
    return this.discovery;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

describe('OAuth discovery from the 401 of /mcp', () => {
  it('leads an MCP client to a token of the embedded IdP for this resource, and the token works', async () => {
    const provider = new TestProvider();
    const fetched: string[] = [];
    const recording = (input: string | URL | Request, init?: RequestInit) => {
      fetched.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      return fetch(input, init);
    };
    const mcpUrl = new URL(`${server.url}/mcp`);
    const first = new Client({ name: 'oauth-test', version: '1.0.0' });
    await expect(first.connect(new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider, fetch: recording }))).rejects.toBeInstanceOf(UnauthorizedError);

    // The client found the issuer from our metadata, and asks for a code for this resource with PKCE.
    expect(fetched).toContain(`${server.url}/.well-known/oauth-protected-resource/mcp`);
    expect(fetched.some((u) => u.startsWith(server.issuer) || u.includes('/.well-known/openid-configuration'))).toBe(true);
    const authorization = provider.authorizationUrl!;
    expect(authorization.href.startsWith(`${server.issuer}/protocol/openid-connect/auth`)).toBe(true);
    expect(authorization.searchParams.get('client_id')).toBe('artifacts-mcp');
    expect(authorization.searchParams.get('resource')).toBe(mcpUrl.href);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');

    // alice signs in on the login form; the IdP sends the code to the client's loopback port.
    const browser = new TestBrowser(server.issuer);
    const login = await browser.follow(authorization.href);
    expect(login.text).toContain('name="password"');
    const signedIn = await browser.request(login.url, { username: 'alice', password: 'alice' });
    const back = await browser.follow(String(signedIn.location));
    const callback = new URL(back.url);
    expect(`${callback.origin}${callback.pathname}`).toBe(provider.redirectUrl);

    const transport = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider });
    await transport.finishAuth(callback.searchParams);
    expect(decode(provider.saved!.access_token).payload).toMatchObject({ aud: mcpUrl.href, azp: 'artifacts-mcp', organization: ['acme'] });

    const client = new Client({ name: 'oauth-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider }));
    try {
      const created = await client.callTool({ name: 'create_artifact', arguments: { title: 'Signed in through OAuth' } });
      expect(created.isError).toBeFalsy();
      expect((created.structuredContent as { url: string }).url).toMatch(new RegExp(`^${server.url}/a/[a-z0-9]{16}$`));
    } finally {
      await client.close();
    }
  });
});
