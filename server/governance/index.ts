import type { OrgPolicy } from '#policies';
import type { DocumentHost } from '../collab/index.ts';
import type { Logger } from '../log.ts';
import type { ArtifactStore, RetentionStore } from '../store/index.ts';
import { featureDisabled } from './errors.ts';
import { POLICY_CACHE_TTL_MS, PolicyStore } from './policy-store.ts';
import { RetentionSweeper } from './retention-sweeper.ts';

export { featureDisabled, invalidPolicy, sharingRestricted } from './errors.ts';
export { POLICY_CACHE_TTL_MS, PolicyStore, type StoredPolicy } from './policy-store.ts';
export { RETENTION_LOCK_KEY, RetentionSweeper, type SweepResult } from './retention-sweeper.ts';

export interface Governance {
  policies: PolicyStore;
  sweeper: RetentionSweeper;
  /** Closes the open sockets of an org whose feature was switched off; returns how many. */
  closeDisabledOrg(orgId: string): number;
  /** After a policy was saved on this instance: its sockets follow it now, and the other instances are told. */
  policySaved(orgId: string, previous: OrgPolicy, current: OrgPolicy): void;
  stop(): void;
}

export interface GovernanceDeps {
  store: ArtifactStore;
  retention: RetentionStore;
  /** Shared with the collaboration layer, which checks sockets against it. */
  policies: PolicyStore;
  documents: DocumentHost;
  logger: Logger;
  /** Scheduled retention sweeps; 0 = only on demand. */
  retentionSweepIntervalMs: number;
  /** The clock retention measures against (tests). */
  now?: () => Date;
}

/**
 * Org policies, retention and their enforcement on open sockets. The instance that saves a
 * policy closes that org's sockets at once; every instance also rechecks the orgs of its open
 * sockets once per cache lifetime, so a change saved elsewhere closes them within that time.
 */
export function createGovernance({ store, retention, policies, documents, logger, retentionSweepIntervalMs, now }: GovernanceDeps): Governance {
  const sweeper = new RetentionSweeper({ store, retention, policies, documents, logger, ...(now ? { now } : {}) });
  if (retentionSweepIntervalMs > 0) sweeper.start(retentionSweepIntervalMs);

  const closeDisabledOrg = (orgId: string): number => {
    const closed = documents.sessions.closeSessionsOfOrg(orgId, featureDisabled());
    if (closed) logger.info({ orgId, closed }, 'closed the sockets of an org whose feature was switched off');
    return closed;
  };

  let checking = false;
  const watch = setInterval(() => {
    if (checking) return;
    checking = true;
    void (async () => {
      const orgs = new Set<string>();
      for (const session of documents.sessions.openSessions()) orgs.add(session.artifact.orgId);
      for (const orgId of orgs) if (!(await policies.get(orgId)).enabled) closeDisabledOrg(orgId);
    })()
      .catch((error: unknown) => logger.warn({ err: error }, 'checking open sockets against org policies failed'))
      .finally(() => (checking = false));
  }, POLICY_CACHE_TTL_MS);
  watch.unref();

  return {
    policies,
    sweeper,
    closeDisabledOrg,
    policySaved(orgId, previous, current) {
      if (previous.enabled && !current.enabled) closeDisabledOrg(orgId);
      documents.sessions.announce({ type: 'org-policy-changed', orgId });
    },
    stop() {
      sweeper.stop();
      clearInterval(watch);
    },
  };
}
