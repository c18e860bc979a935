import type { ArtifactRecord } from '../store/index.ts';
import type { Session } from '../auth/index.ts';
import type { SocketGuard } from './socket-guard.ts';

/** What the auth extension attaches to every socket connection (mutable: tokens get renewed). */
export interface CollabContext {
  principal: Session;
  artifact: ArtifactRecord;
  /** Closes the socket when the token expires; replaced when a fresh token arrives. */
  expiryTimer?: ReturnType<typeof setTimeout>;
  /** Awareness client ids this connection speaks for (the first one it used). */
  awarenessClients?: Set<number>;
  /** The socket's TCP peer, for the audit trail (set when the socket is accepted). */
  clientAddress?: string | null;
  /** The socket's limits, shared by every document on it (set when the socket is accepted). */
  socket?: SocketGuard;
  /** This connection's 'edited' event is recorded (with its first stored update): one per connection, not per keystroke. */
  editAudited?: boolean;
}

/** Yjs transaction origin for edits the server makes on someone's behalf (op batches). */
export interface ServerEditOrigin {
  source: 'local';
  context: { actor: string; via: 'ops' | 'restore' };
}

/**
 * The session on a Hocuspocus connection or in a hook's payload (Hocuspocus types its context
 * `any`): the one place that says what it holds. Undefined for server-internal connections.
 */
export function sessionOf(holder: { context?: unknown } | undefined): CollabContext | undefined {
  return holder?.context as CollabContext | undefined;
}
