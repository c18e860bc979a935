import type { DocumentHost } from '../collab/index.ts';
import type { Governance } from '../governance/index.ts';
import type { Logger } from '../log.ts';
import type { ArtifactStore } from '../store/index.ts';
import type { CommentsNotice } from '#shared/api';
import type { ControlEvent } from './control-events.ts';

export interface ControlTargets {
  store: ArtifactStore;
  documents: DocumentHost;
  governance: Governance;
  logger: Logger;
}

/**
 * What an instance does with a control event from another one: the same as the instance that
 * made the change did to its own sockets, from rows read now (never from the event).
 */
export async function applyControlEvent(event: ControlEvent, { store, documents, governance, logger }: ControlTargets): Promise<void> {
  const { sessions } = documents;
  switch (event.type) {
    case 'artifact-changed': {
      if (!documents.isLoaded(event.artifactId)) return;
      const artifact = await store.getArtifact(event.artifactId);
      if (!artifact) {
        await documents.evict(event.artifactId);
        return;
      }
      const closed = sessions.revalidate(artifact, await governance.policies.get(artifact.orgId));
      if (closed) logger.info({ artifactId: artifact.id, closed }, 'closed sockets after an access change made on another instance');
      return;
    }
    case 'artifact-deleted':
      if (documents.isLoaded(event.artifactId)) await documents.evict(event.artifactId);
      return;
    case 'org-policy-changed': {
      governance.policies.invalidate(event.orgId);
      const policy = await governance.policies.get(event.orgId);
      if (!policy.enabled) {
        governance.closeDisabledOrg(event.orgId);
        return;
      }
      const artifacts = new Map<string, Parameters<typeof sessions.revalidate>[0]>();
      for (const session of sessions.openSessions()) if (session.artifact.orgId === event.orgId) artifacts.set(session.artifact.id, session.artifact);
      for (const artifact of artifacts.values()) sessions.revalidate(artifact, policy);
      return;
    }
    case 'comments-changed': {
      // To this instance's own sockets only: a stateless broadcast would be relayed by Redis again.
      const notice: CommentsNotice = { type: 'comments', threadId: event.threadId, change: event.change };
      const payload = JSON.stringify(notice);
      for (const [connection] of sessions.connections(event.artifactId)) connection.sendStateless(payload);
      return;
    }
    case 'member-removed': {
      const closed = sessions.closeSessionsOf(event.userId);
      if (closed) logger.info({ userId: event.userId, orgId: event.orgId, closed }, 'closed the sockets of a user who left the org (seen by another instance)');
      return;
    }
  }
}
