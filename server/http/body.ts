import type { Context } from 'hono';
import type { z } from 'zod';
import { reportedIssue } from '#shared/text';
import { AppError, badRequest } from '../errors.ts';

/**
 * Whether a Content-Type header names JSON: `application/json` or a `+json` suffix type such as
 * `application/merge-patch+json` (RFC 6839), compared without case and without its parameters.
 * Only the media type before `;` counts: `text/plain; charset=application/json` is plain text.
 */
export function isJsonMediaType(header: string | undefined): boolean {
  const essence = (header ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  const subtype = /^application\/([a-z0-9][a-z0-9!#$&^_.+-]*)$/.exec(essence)?.[1];
  return subtype === 'json' || (subtype !== undefined && subtype.endsWith('+json'));
}

/** The request body as JSON; 415 for another media type, 400 `invalid_json` when unparsable. */
export async function readJson(c: Context): Promise<unknown> {
  if (!isJsonMediaType(c.req.header('content-type'))) throw new AppError('unsupported_media_type', 'send the body as application/json', 415);
  try {
    return await c.req.json();
  } catch {
    throw badRequest('invalid_json', 'the request body is not valid JSON');
  }
}

/**
 * Validates a body against a schema; 400 `invalid_request` naming the first bad field (a field
 * with text that cannot be stored is named first, see `reportedIssue`).
 */
export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = reportedIssue(result.error.issues);
  const field = issue?.path.join('.') || 'body';
  throw badRequest('invalid_request', `${field}: ${issue?.message ?? 'invalid'}`, { field });
}
