import { Hono } from 'hono';
import { z } from 'zod';
import type { Directory, Me } from '#shared/api';
import { storableText } from '#shared/text';
import type { PeopleStore } from '../store/index.ts';
import { parse } from './body.ts';
import type { AppEnv } from './context.ts';

/** Longer queries are cut, not refused: the share dialog sends what the user types. */
const MAX_QUERY_CHARS = 200;
const directoryQuerySchema = z.object({ q: storableText().optional() });

/**
 * Who the caller is (`/api/me`, as the token says) and whom they can share with
 * (`/api/directory`: people and groups of their own org only).
 */
export function identityRoutes({ people }: { people: PeopleStore }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/me', (c) => {
    const { userId, name, orgId, roles, groups } = c.get('principal');
    const policy = c.get('policy');
    const me: Me = { userId, name, orgId, roles: [...roles], groups: [...groups], ...(policy ? { policy: { enabled: policy.enabled, orgWideSharing: policy.orgWideSharing, ...(policy.comments === false ? { comments: false } : {}) } } : {}) };
    return c.json(me);
  });

  app.get('/directory', async (c) => {
    const { orgId } = c.get('principal');
    // Cut without splitting a surrogate pair, which would leave text PostgreSQL cannot store.
    const q = parse(directoryQuerySchema, { q: c.req.query('q') }).q?.slice(0, MAX_QUERY_CHARS).replace(/[\ud800-\udbff]$/, '');
    const directory: Directory = orgId ? await people.directory(orgId, q ? { q } : {}) : { people: [], groups: [] };
    return c.json(directory);
  });

  return app;
}
