import type { Extension, afterHandleMessagePayload, beforeSyncPayload } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { metaChangedIn, metaToJSON, parseArtifactId, shapeProblem, type OpLimits } from '#shared';
import { auditActor, auditEvent } from '../audit/actor.ts';
import { AppError, badRequest, notFound } from '../errors.ts';
import { sessionOf } from './context.ts';
import { messageQueueOf } from './internals.ts';
import { closeToReconnect } from './session-registry.ts';
import { EMPTY_UPDATE_BYTES, MESSAGE_SYNC, SYNC_STEP_1, SYNC_STEP_2, SYNC_UPDATE } from './protocol.ts';
import type { Persistence } from './persistence.ts';
import { captureUnannounced } from './server-change.ts';
import { isReloading, type Ticket, type WriteGates } from './write-gate.ts';


const invalidUpdate = (reason: string) => badRequest('invalid_update', `the update was refused, nothing of it was stored: ${reason}`);

/**
 * The socket write path: an editor's update is applied to the live document unannounced,
 * checked (it must apply cleanly and leave the document in a shape ops could have written),
 * stored, and only then broadcast and acknowledged. An update that throws or breaks the shape
 * is refused (`invalid_update`, the socket is closed) and, since Yjs cannot take a change
 * back, the document reloads from storage, which never saw it. Hocuspocus applies the update
 * once more after this hook; it is already integrated, so that changes and broadcasts nothing.
 *
 * Hocuspocus handles one connection's messages strictly in order, awaiting this hook for each,
 * so an agent streaming edits over one socket would pay one commit per edit. Instead the
 * well-formed updates already queued behind this one are applied and stored with it ("pipelined
 * group commit"); when their turn comes they find themselves done. Under load, batches grow
 * and the work per edit shrinks instead of queueing.
 *
 * A socket's sync step 1 is answered with the document's state: it takes a hold on the write
 * gate, so the answer never contains a change that is not stored yet (released once sent).
 */
export class SocketWrites implements Extension {
  readonly extensionName = 'socket-writes';
  /** Raw messages handled ahead of their turn → the commit that stored them. */
  private readonly doneAhead = new WeakMap<Uint8Array, Promise<void>>();
  /** The write-gate hold a connection's sync step 1 took, released once its reply is sent. */
  private readonly holds = new WeakMap<object, () => void>();

  constructor(
    private readonly gates: WriteGates,
    private readonly persistence: Persistence,
    private readonly limits: OpLimits,
  ) {}

  async beforeSync(payload: beforeSyncPayload): Promise<void> {
    try {
      await this.sync(payload);
    } catch (error) {
      // A socket that came (back) while the document waits to be reloaded: it must come back
      // again, to the reloaded copy, rather than sit on an open socket without its document.
      if (isReloading(error)) closeToReconnect(payload.connection, error);
      throw error;
    }
  }

  private async sync({ type, payload, connection, document, documentName, context }: beforeSyncPayload): Promise<void> {
    if (type === SYNC_STEP_1) {
      this.holds.set(connection, await this.gates.of(document).hold());
      return;
    }
    if (type !== SYNC_STEP_2 && type !== SYNC_UPDATE) return;
    const startedAtMs = performance.now();
    const queue = messageQueueOf(connection);
    const current = queue?.[0];
    const ahead = current && this.doneAhead.get(current);
    if (ahead) {
      this.doneAhead.delete(current);
      return ahead;
    }
    // Read-only connections are refused by Hocuspocus right after this hook; never store theirs.
    if (connection.readOnly || payload.length <= EMPTY_UPDATE_BYTES) return;
    const id = parseArtifactId(documentName);
    if (!id) throw notFound();
    if (!decodes(payload)) throw invalidUpdate('the message does not hold a valid Yjs update');
    const later = queuedRun(queue?.slice(1) ?? [], documentName);
    const updates = [payload.slice(), ...later.map(([, update]) => update)];
    const gate = this.gates.of(document);
    const origin = { source: 'connection', connection };
    const change = await gate.change((): Applied => {
      let captured;
      try {
        captured = captureUnannounced(document, origin, () => document.transact(() => updates.forEach((u) => Y.applyUpdate(document, u, origin)), origin));
      } catch {
        return { refused: invalidUpdate('it does not apply to this document'), damaged: true };
      }
      const problem = captured.transaction && shapeProblem(document, captured.transaction, this.limits);
      if (problem) return { refused: invalidUpdate(problem), damaged: captured.update !== undefined };
      // A rename in the browser: the artifacts row (the list, search) takes the title in the same commit.
      const renamed = captured.transaction && metaChangedIn(document, captured.transaction) ? metaToJSON(document) : undefined;
      const meta = renamed && { title: renamed.title, kind: renamed.kind };
      return { ticket: captured.update && gate.begin(captured.update, origin, captured.transaction, startedAtMs), ...(meta ? { meta } : {}) };
    });
    if ('refused' in change) {
      // The sender hears why; the others hear `reloading` when the document is reloaded from
      // storage (which never had the update): applied in part or whole, it cannot be taken back.
      connection.close({ code: change.refused.closeCode, reason: change.refused.reason });
      if (change.damaged) gate.discard();
      throw change.refused;
    }
    const session = sessionOf({ context });
    // A connection's first stored update carries its 'edited' event; later ones (keystrokes) do not.
    const audit = session && !session.editAudited ? auditEvent(auditActor(session.principal, session.clientAddress ?? null), 'edited', { artifactId: id, details: { via: 'socket' } }) : undefined;
    if (session && audit) session.editAudited = true;
    const ticket = change.ticket;
    // Every message is stored as sent (pending parts included: acknowledged means stored), all
    // in the same group commit, which is all or nothing.
    const guard = ticket ? { guard: ticket } : {};
    const committed = Promise.all(
      updates.map((data, i) =>
        this.persistence.persist({ artifactId: id, data, ...guard, ...(i === 0 && audit ? { audit } : {}), ...(i === 0 && change.meta ? { meta: change.meta } : {}) }),
      ),
    ).then(() => undefined);
    for (const [raw] of later) this.doneAhead.set(raw, committed);
    try {
      await committed;
    } catch (error) {
      if (session && audit) session.editAudited = false; // rolled back with the update: the next one carries it
      // Not stored: the document reloads from storage, and this socket must come back to it.
      if (error instanceof AppError) closeToReconnect(connection, error);
      if (ticket) gate.failed(ticket);
      throw error;
    }
    if (ticket) gate.committed(ticket);
  }

  async afterHandleMessage({ connection }: afterHandleMessagePayload): Promise<void> {
    const release = this.holds.get(connection);
    if (!release) return;
    this.holds.delete(connection);
    release();
  }
}

/** How applying a run of socket updates came out. */
type Applied = { refused: AppError; damaged: boolean } | { ticket: Ticket | undefined; meta?: { title: string; kind: string } };

/**
 * The run of well-formed updates for `documentName` at the front of `queue`: Hocuspocus
 * applies each of them next (only a throwing message empties the queue, and none of these
 * throws). None of them is done yet: a run always starts right behind a message that was not
 * done ahead.
 */
function queuedRun(queue: readonly Uint8Array[], documentName: string): [raw: Uint8Array, update: Uint8Array][] {
  const run: [Uint8Array, Uint8Array][] = [];
  for (const raw of queue) {
    const update = queuedUpdate(raw, documentName);
    if (!update) break;
    run.push([raw, update]);
  }
  return run;
}

/** The update inside a queued raw message, if it is a sync update (or step 2) for `documentName`. */
function queuedUpdate(raw: Uint8Array, documentName: string): Uint8Array | undefined {
  try {
    const decoder = decoding.createDecoder(raw);
    const address = decoding.readVarString(decoder);
    const separator = address.indexOf('\0');
    if ((separator === -1 ? address : address.slice(0, separator)) !== documentName) return undefined;
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return undefined;
    const syncType = decoding.readVarUint(decoder);
    if (syncType !== SYNC_UPDATE && syncType !== SYNC_STEP_2) return undefined;
    const update = decoding.readVarUint8Array(decoder);
    return update.length > EMPTY_UPDATE_BYTES && decodes(update) ? update.slice() : undefined;
  } catch {
    return undefined; // not ours to judge here: it is refused in its own turn
  }
}

/** Whether `update` parses as a Yjs update (structs and delete set). */
function decodes(update: Uint8Array): boolean {
  try {
    Y.decodeUpdate(update);
    return true;
  } catch {
    return false;
  }
}
