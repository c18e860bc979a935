import { z } from 'zod';
import { opsResultSchema } from '../api/index.ts';
import type { Op } from '../ops/index.ts';
import { ApiCallError } from './requester.ts';
import { artifactPath, type ToolContext } from './tool.ts';

export const artifactIdSchema = z.string().regex(/^[a-z0-9]{16}$/, 'an artifact id is 16 letters and digits, as list_artifacts and create_artifact return it').describe('The artifact id');

/** Parses an API answer with its shared/api schema; a mismatch is the server's fault, reported as `bad_response`. */
export function answer<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiCallError(0, 'bad_response', `the server's answer does not match the API: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * One op batch (`POST /api/artifacts/:id/ops`) under one idempotency key. With `whenMissing`,
 * a batch refused because its first op's section does not exist is replaced by that batch
 * once (the tools that create their section on first use); nothing of the first was applied.
 */
export async function callOps(context: ToolContext, id: string, ops: Op[], idempotencyKey?: string, whenMissing?: Op[]): Promise<{ id: string; applied: number; url: string }> {
  const send = (batch: Op[], key: string) => context.api({ method: 'POST', path: artifactPath(id, '/ops'), body: { ops: batch }, idempotencyKey: key });
  let result: unknown;
  try {
    result = await send(ops, idempotencyKey ?? context.newIdempotencyKey());
  } catch (error) {
    if (!whenMissing || !(error instanceof ApiCallError) || error.code !== 'section_not_found' || error.details['opIndex'] !== 0) throw error;
    result = await send(whenMissing, context.newIdempotencyKey());
  }
  return { id, applied: answer(opsResultSchema, result).applied, url: context.artifactUrl(id) };
}
