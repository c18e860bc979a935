import type { Op } from '#shared';
import type { Principal } from '../auth/index.ts';
import type { DocumentHost } from '../collab/index.ts';
import type { Logger } from '../log.ts';
import type { ArtifactStore } from '../store/index.ts';
import { demoSeed, DEMO_TITLE, nextDemoStep } from './demo-script.ts';

export interface DemoAgent {
  artifactId: string;
  stop(): void;
}

/**
 * A built-in agent that keeps one incident artifact moving, so a newcomer sees live updates
 * the moment they open the app. It uses the same op path as any external agent.
 */
export async function startDemoAgent(deps: {
  store: ArtifactStore;
  documents: DocumentHost;
  principal: Principal;
  intervalMs: number;
  logger: Logger;
  newId: () => string;
  now?: () => Date;
}): Promise<DemoAgent> {
  const { store, documents, principal, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const existing = (await store.listArtifacts(principal.orgId)).find((a) => a.title === DEMO_TITLE && a.ownerId === principal.userId);
  const artifact =
    existing ?? (await store.createArtifact({ id: deps.newId(), title: DEMO_TITLE, kind: 'incident', ownerId: principal.userId, orgId: principal.orgId }));
  if (!existing) {
    await documents.applyOps(artifact, principal, { ops: demoSeed(now()) });
    // A demo is for everyone of its org to watch.
    await store.setSharing(artifact.id, { visibility: 'org', users: [], groups: [] });
  }

  let step = 0;
  let running = false;
  const timer = setInterval(() => {
    if (running) return; // never pile up steps behind a slow store
    running = true;
    const ops: Op[] = nextDemoStep(step++, now());
    documents
      .applyOps(artifact, principal, { ops })
      .catch((error: unknown) => logger.warn({ err: error, artifactId: artifact.id }, 'demo agent step failed'))
      .finally(() => {
        running = false;
      });
  }, deps.intervalMs);
  timer.unref();
  return { artifactId: artifact.id, stop: () => clearInterval(timer) };
}
