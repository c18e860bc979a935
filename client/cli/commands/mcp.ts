import { McpServer } from '@modelcontextprotocol/server';
import { serveStdio, StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { ApiCallError, registerTools, type ApiRequester } from '#shared/mcp';
import { ArtifactsError, newIdempotencyKey, Transport } from '../../sdk/index.ts';
import type { Command } from '../command.ts';
import { println } from '../io.ts';
import { tokenProvider } from '../oidc.ts';

/**
 * `artifacts mcp`: the MCP tools over stdio for an agent that starts the CLI itself (Claude
 * Code, Codex). Every tool call is one request of the HTTP API with the CLI's usual credentials
 * (`artifacts login`, `ARTIFACTS_TOKEN`, client credentials), through the SDK's Transport:
 * retries with the same idempotency key, token renewal. stdout carries JSON-RPC only; anything
 * for people goes to stderr.
 */
export const mcpCommand: Command = {
  name: 'mcp',
  summary: 'serve the MCP tools over stdio (for Claude Code, Codex and other MCP clients)',
  positionals: [],
  options: {},
  details:
    'Speaks MCP (JSON-RPC) on stdin/stdout until stdin closes, with the credentials of `artifacts login`,\n' +
    '$ARTIFACTS_TOKEN or $ARTIFACTS_CLIENT_ID/$ARTIFACTS_CLIENT_SECRET, against --url or $ARTIFACTS_URL.\n' +
    'Example: claude mcp add live-artifacts -- artifacts mcp',
  async run({ baseUrl, io }) {
    const transport = new Transport({ baseUrl, token: tokenProvider(baseUrl, io.env) });
    const requester: ApiRequester = async ({ method, path, body, idempotencyKey }) => {
      try {
        return await transport.request({ method, path, body, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) });
      } catch (error) {
        if (error instanceof ArtifactsError) throw new ApiCallError(error.status, error.code, error.message, error.details);
        throw error;
      }
    };
    const ended = new Promise<void>((resolve) => {
      io.stdin.once('end', resolve);
      io.stdin.once('close', resolve);
    });
    const stopInterrupt = io.onInterrupt(() => io.stdin.destroy());
    const handle = serveStdio(
      () => {
        const server = new McpServer({ name: 'live-artifacts', version: '0.1.0' });
        registerTools(server, requester, { appOrigin: baseUrl, newIdempotencyKey });
        return server;
      },
      { transport: new StdioServerTransport(io.stdin, io.stdout), onerror: (error) => println(io.stderr, `mcp: ${error.message}`) },
    );
    println(io.stderr, `artifacts mcp: serving the Live Artifacts tools for ${baseUrl} on stdio`);
    await ended;
    stopInterrupt();
    await handle.close();
  },
};
