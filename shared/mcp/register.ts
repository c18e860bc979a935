import type { McpServer } from '@modelcontextprotocol/server';
import { MCP_TOOLS } from './tools.ts';
import { ApiCallError, type ApiRequester } from './requester.ts';
import type { ToolContext, ToolDefinition } from './tool.ts';

export interface RegisterOptions {
  /** Where people open artifacts (`/a/<id>` on it). */
  appOrigin: string;
  /** A fresh idempotency key per write (the host's randomness). */
  newIdempotencyKey(): string;
}

/** What a tool call answers: text for a model to read, and the same as structured content. */
export interface ToolResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  structuredContent: Record<string, unknown>;
  isError?: true;
}

/** Runs one tool and turns its outcome, or the API's refusal, into a tool result. */
export async function callTool(tool: ToolDefinition, input: unknown, context: ToolContext): Promise<ToolResult> {
  try {
    const raw = await tool.run(input, context);
    const output = tool.outputSchema.parse(raw) as Record<string, unknown>;
    return { content: [{ type: 'text', text: tool.summarize(output) }], structuredContent: raw as Record<string, unknown> };
  } catch (error) {
    return errorResult(error);
  }
}

/**
 * A refusal as the model should read it: the stable code, the sentence, and for a rejected op
 * batch the index of the first bad op and the path of the field, in the text as well as the
 * structured content (`{"error": {...}}`). Anything that is not an API error is reported as
 * `internal` without its details, which may not be safe to show.
 */
export function errorResult(error: unknown): ToolResult {
  const { status, code, message, details }: Pick<ApiCallError, 'status' | 'code' | 'message' | 'details'> =
    error instanceof ApiCallError ? error : { status: 500, code: 'internal', message: 'the tool failed unexpectedly; try again', details: {} };
  const where = [
    typeof details['opIndex'] === 'number' ? `op ${details['opIndex']}` : '',
    typeof details['path'] === 'string' ? `path ${details['path']}` : '',
    typeof details['field'] === 'string' ? `field ${details['field']}` : '',
  ].filter(Boolean);
  const text = `Error ${code}${where.length ? ` (${where.join(', ')})` : ''}: ${message}`;
  return { content: [{ type: 'text', text }], structuredContent: { error: { ...details, code, message, status } }, isError: true };
}

/**
 * Registers every Live Artifacts tool on an MCP server. `requester` reaches the HTTP API as
 * the caller; the tools themselves hold no rights of their own.
 */
export function registerTools(server: McpServer, requester: ApiRequester, options: RegisterOptions): void {
  const origin = options.appOrigin.replace(/\/+$/, '');
  const context: ToolContext = {
    api: requester,
    artifactUrl: (id) => `${origin}/a/${encodeURIComponent(id)}`,
    newIdempotencyKey: options.newIdempotencyKey,
  };
  for (const tool of MCP_TOOLS) {
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.inputSchema, outputSchema: tool.outputSchema, annotations: { title: tool.title, ...tool.annotations } },
      (input: unknown) => callTool(tool, input, context),
    );
  }
}
