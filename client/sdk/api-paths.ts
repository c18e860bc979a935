import type { z } from 'zod';
import { ArtifactsError } from './artifacts-error.ts';

/** Ids are validated by the server; encoding keeps a bad one from escaping its path segment. */
export function artifactPath(id: string): string {
  return `/api/artifacts/${encodeURIComponent(id)}`;
}

/** A version's API path; `n` is an integer, so it needs no encoding. */
export function versionPath(id: string, n: number): string {
  return `${artifactPath(id)}/versions/${n}`;
}

/** `body` as the API's schema for `call`'s answer (shared/api); anything else is `bad_response` naming the first wrong field. */
export function parseAnswer<S extends z.ZodType>(schema: S, body: unknown, call: string): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue ? `: ${issue.path.join('.') || 'the answer'}: ${issue.message}` : '';
  throw badResponse(`${call}${where}`);
}

export function badResponse(call: string): ArtifactsError {
  return new ArtifactsError(`the server sent an unexpected answer to ${call}`, 200, 'bad_response');
}
