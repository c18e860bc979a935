import type { z } from 'zod';
import type { ApiRequester } from './requester.ts';

/** What the MCP spec lets a tool say about itself; every tool sets all four. */
export interface ToolHints {
  /** Changes nothing. */
  readOnlyHint: boolean;
  /** May overwrite or remove what is there (meaningful when not read-only). */
  destructiveHint: boolean;
  /** The same call twice leaves the same result as once. */
  idempotentHint: boolean;
  /** Talks only to this server's own artifacts, never to the open world. */
  openWorldHint: false;
}

/** What a tool's `run` gets besides its input. */
export interface ToolContext {
  api: ApiRequester;
  /** The page people open for an artifact: `/a/<id>` on the app origin. */
  artifactUrl(id: string): string;
  /** A fresh `Idempotency-Key` (the caller's randomness: shared/ has none). */
  newIdempotencyKey(): string;
}

export interface ToolDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** `[a-z_]`, unique. */
  name: string;
  title: string;
  /** Written for a model: what it does, when to use it, an example. */
  description: string;
  inputSchema: I;
  outputSchema: O;
  annotations: ToolHints;
  run(input: z.output<I>, context: ToolContext): Promise<z.input<O>>;
  /** One line for the text content, next to the structured result. */
  summarize(output: z.output<O>): string;
}

/** Keeps the input and output types of one tool tied to its schemas. */
export function defineTool<I extends z.ZodType, O extends z.ZodType>(tool: ToolDefinition<I, O>): ToolDefinition<I, O> {
  return tool;
}

/** Hints of a tool that only reads. */
export const READ_ONLY: ToolHints = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

/** `/api/artifacts/<id>` plus a tail. */
export function artifactPath(id: string, tail = ''): string {
  return `/api/artifacts/${encodeURIComponent(id)}${tail}`;
}

/** `?a=1&b=2` of the defined entries, or '' (shared/ has no URLSearchParams: no DOM, no Node). */
export function queryString(params: Record<string, string | number | undefined>): string {
  const pairs = Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '');
  return pairs.length ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}` : '';
}
