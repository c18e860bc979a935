import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { canManagePolicy, canSetLegalHold, decide, validateOrgPolicy } from '#policies';
import { parseArtifactId } from '#shared';
import { AppError, forbidden, notFound } from '../errors.ts';
import { invalidPolicy, type Governance } from '../governance/index.ts';
import type { ArtifactStore } from '../store/index.ts';
import { auditEvent } from '../audit/index.ts';
import { actorOf, clientAddressOf } from './audit-context.ts';
import { parse, readJson } from './body.ts';
import type { AppEnv } from './context.ts';

const legalHoldSchema = z.strictObject({ hold: z.boolean({ message: 'hold must be true or false' }) });

/**
 * Governance for org-admins: the org's policy (`GET`/`PUT /api/admin/policy`), retention on
 * demand (`POST /api/admin/retention/run`), and legal hold per artifact
 * (`PUT /api/artifacts/:id/legal-hold`, org-admins and auditors). Mounted at `/api`.
 */
export function adminRoutes({ store, governance }: { store: ArtifactStore; governance: Governance }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { policies, sweeper } = governance;

  const requireAdmin = (c: Context<AppEnv>) => {
    const principal = c.get('principal');
    if (!canManagePolicy(principal)) throw forbidden("only your organization's admins see and change its policy");
    return principal;
  };

  app.get('/admin/policy', async (c) => {
    const principal = requireAdmin(c);
    return c.json(await policies.stored(principal.orgId));
  });

  app.put('/admin/policy', async (c) => {
    const principal = requireAdmin(c);
    const checked = validateOrgPolicy(await readJson(c));
    if (!checked.ok) throw invalidPolicy(checked.errors);
    const { previous, current } = await policies.put(principal.orgId, checked.policy, principal, clientAddressOf(c));
    governance.policySaved(principal.orgId, previous.policy, current.policy);
    return c.json(current);
  });

  app.post('/admin/retention/run', async (c) => {
    const principal = requireAdmin(c);
    const result = await sweeper.run({ orgId: principal.orgId });
    if (!result.ran) throw new AppError('retention_busy', 'a retention sweep is running already (here or on another instance); try again in a moment', 409);
    return c.json(result);
  });

  /** Existence leaks only to those who may hold: everyone else gets 404 (or 403 when they may read it). */
  app.put('/artifacts/:id/legal-hold', async (c) => {
    const principal = c.get('principal');
    const id = parseArtifactId(c.req.param('id'));
    const artifact = id ? await store.getArtifact(id) : null;
    if (!artifact) throw notFound();
    if (!canSetLegalHold(principal, artifact)) {
      // Who may read it (the feature switch aside) knows it exists: refused as such.
      const asReader = decide(principal, 'read', artifact, c.get('policy'));
      if (asReader.allow || asReader.reason !== 'not_found') throw forbidden('only org admins and auditors set legal hold');
      throw notFound();
    }
    const { hold } = parse(legalHoldSchema, await readJson(c));
    await store.setLegalHold(artifact.id, hold, auditEvent(actorOf(c), 'legal-hold', { artifactId: artifact.id, details: { hold } }));
    return c.json({ id: artifact.id, hold });
  });

  return app;
}
