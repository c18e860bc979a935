import type { Extension, beforeHandleAwarenessPayload, onDisconnectPayload } from '@hocuspocus/server';
import { sessionOf, type CollabContext } from './context.ts';

/** Awareness client id → the connection that speaks for it, per loaded document. */
const awarenessClaims = new WeakMap<object, Map<number, CollabContext>>();

/**
 * The presence fields a state may carry: `user`, stamped by the server from the token, and
 * `idle`, the one thing the client says of itself (no input and a hidden tab for a while; a
 * boolean, anything else is read as `false`). Anything else a client puts in its state
 * (`name`, `userId`, a cursor, a megabyte of text) is dropped before it is kept or relayed:
 * nothing in presence can claim an identity or fill viewers' memory.
 */
export const PRESENCE_FIELDS = ['user', 'idle'] as const;
/** Longest display name kept in presence (names come from the IdP; this only bounds them). */
const MAX_NAME_CHARS = 200;

/**
 * Presence carries the identity of the token, whatever the client claims: each connection
 * speaks for the one awareness client id it used first (no other connection's), and its state
 * is reduced to {@link PRESENCE_FIELDS}, with `user` written by the server.
 */
export function presenceExtension(): Extension {
  return {
    extensionName: 'presence',

    async onDisconnect(payload: onDisconnectPayload) {
      const session = sessionOf(payload);
      const { document } = payload;
      const claims = awarenessClaims.get(document);
      for (const clientId of session?.awarenessClients ?? []) claims?.delete(clientId);
    },

    async beforeHandleAwareness(payload: beforeHandleAwarenessPayload) {
      const session = sessionOf(payload);
      const { states, document } = payload;
      if (!session) return; // server-internal
      session.awarenessClients ??= new Set();
      let claims = awarenessClaims.get(document);
      if (!claims) awarenessClaims.set(document, (claims = new Map()));
      for (const [clientId, state] of states) {
        // Providers relay the states of others (answering an awareness query); a connection
        // speaks only for the one client id it claimed, which no other connection holds.
        // Hocuspocus 4.7 decodes into a scratch Awareness whose own empty state (random id)
        // comes along; an empty state therefore never claims an id.
        const empty = !state || Object.keys(state).length === 0;
        if (!empty && !claims.has(clientId) && session.awarenessClients.size === 0) {
          claims.set(clientId, session);
          session.awarenessClients.add(clientId);
        }
        if (claims.get(clientId) !== session) {
          states.delete(clientId);
          continue;
        }
        if (state && typeof state === 'object') states.set(clientId, stamped(session, state));
      }
    },
  };
}

/**
 * The whole state a connection may publish: its token's identity and whether it is idle; of what
 * the client wrote only a literal `idle: true` survives.
 */
function stamped(session: CollabContext, state: Record<string, unknown>): Record<(typeof PRESENCE_FIELDS)[number], unknown> {
  return { user: { id: session.principal.userId, name: session.principal.name.slice(0, MAX_NAME_CHARS) }, idle: state['idle'] === true };
}
