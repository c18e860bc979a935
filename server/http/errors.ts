import type { Context } from 'hono';
import { OpError } from '#shared';
import type { ErrorBody } from '#shared/api';
import { AppError, unavailable } from '../errors.ts';
import { isDatabaseUnavailable } from '../store/index.ts';
import type { Logger } from '../log.ts';

/** Turns any thrown value into the API's error body (`errorBodySchema`); only safe fields reach the wire. */
export function errorResponse(error: unknown, c: Context, logger: Logger): Response {
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
  if (isDatabaseUnavailable(error)) {
    logger.warn({ err: error, method: c.req.method, path: c.req.path }, 'the database went away under a request');
    return c.json(unavailable('the database is not answering right now; retry in a moment').toJSON(), 503);
  }
  logger.error({ err: error, method: c.req.method, path: c.req.path }, 'unhandled error');
  const body: ErrorBody = { error: { code: 'internal', message: 'something went wrong on the server; it has been logged' } };
  return c.json(body, 500);
}
