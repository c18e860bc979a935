import type { ArtifactRecord } from '../store/index.ts';
import type { Principal } from '../auth/index.ts';

/** What the auth extension attaches to every socket connection. */
export interface CollabContext {
  principal: Principal;
  artifact: ArtifactRecord;
}

/** Yjs transaction origin for edits the server makes on someone's behalf (op batches). */
export interface ServerEditOrigin {
  source: 'local';
  context: { actor: string; via: 'ops' | 'restore' };
}
