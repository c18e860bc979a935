import { Hono } from 'hono';
import type { Directory, Me } from '#shared/api';
import type { PeopleStore } from '../store/index.ts';
import type { AppEnv } from './context.ts';

/**
 * Who the caller is (`/api/me`, as the token says) and whom they can share with
 * (`/api/directory`: people and groups of their own org only).
 */
export function identityRoutes({ people }: { people: PeopleStore }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/me', (c) => {
    const { userId, name, orgId, roles, groups } = c.get('principal');
    const policy = c.get('policy');
    const me: Me = { userId, name, orgId, roles: [...roles], groups: [...groups], ...(policy ? { policy: { enabled: policy.enabled, orgWideSharing: policy.orgWideSharing } } : {}) };
    return c.json(me);
  });

  app.get('/directory', async (c) => {
    const { orgId } = c.get('principal');
    const q = c.req.query('q')?.slice(0, 200);
    const directory: Directory = orgId ? await people.directory(orgId, q ? { q } : {}) : { people: [], groups: [] };
    return c.json(directory);
  });

  return app;
}
