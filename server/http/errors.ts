import type { Context } from 'hono';
import { OpError } from '#shared';
import type { ErrorBody } from '#shared/api';
import { AppError, unavailable } from '../errors.ts';
import type { Logger } from '../log.ts';
import { isConnectionLost } from '../store/index.ts';

/** Turns any thrown value into the API's error body (`errorBodySchema`); only safe fields reach the wire. */
export function errorResponse(error: unknown, c: Context, logger: Logger): Response {
  // The database went away under a statement: unavailable (retry), not a bug of ours.
  if (isConnectionLost(error)) return errorResponse(unavailable('storage does not answer; retry in a moment', error), c, logger);
  if (error instanceof AppError) {
    if (error.status >= 500) logger.error({ err: error.cause ?? error, code: error.code }, error.message);
    return c.json(error.toJSON(), error.status as 400);
  }
  if (error instanceof OpError) {
    const body: ErrorBody['error'] = { code: error.code, message: error.message };
    if (error.opIndex !== undefined) body.opIndex = error.opIndex;
    if (error.path) body.path = error.path;
    return c.json({ error: body }, 400);
  }
  logger.error({ err: error, method: c.req.method, path: c.req.path }, 'unhandled error');
  const body: ErrorBody = { error: { code: 'internal', message: 'something went wrong on the server; it has been logged' } };
  return c.json(body, 500);
}
