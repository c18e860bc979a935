import { initials } from '../access/names.ts';

/** One person on the page, however many tabs they have open. */
export interface PresentPerson {
  userId: string;
  name: string;
  initials: string;
  /** A hue (0–359) derived from the user id: the same person has the same colour everywhere. */
  hue: number;
  /** Every one of their tabs is idle (no input, or hidden, for a while). */
  idle: boolean;
}

export interface PresenceList {
  /** The avatars to draw, the active ones first, then by name. */
  shown: PresentPerson[];
  /** People beyond `shown` (the "+N"). */
  more: number;
  /** Everyone, for the "+N" list's labels. */
  all: PresentPerson[];
}

/** Avatars drawn before the rest collapse into "+N". */
export const MAX_AVATARS = 5;

/**
 * Who has the page open, from the provider's awareness states. The server stamps every state
 * with the token's `user` and keeps only a boolean `idle` beside it (server/collab/presence.ts),
 * so anything else in a state is ignored here and a state without a well-formed user (the
 * page's own, before the server echoes it; a relay of an old server) is skipped. One person
 * with several tabs is one avatar, idle only if all their tabs are. `selfUserId` is left out:
 * the page shows who *else* is here.
 */
export function presenceList(states: ReadonlyMap<number, unknown>, selfUserId: string | undefined, maxShown = MAX_AVATARS): PresenceList {
  const byUser = new Map<string, PresentPerson>();
  for (const state of states.values()) {
    const user = userOf(state);
    if (!user || user.id === selfUserId) continue;
    const idle = (state as { idle?: unknown }).idle === true;
    const known = byUser.get(user.id);
    if (known) known.idle &&= idle;
    else byUser.set(user.id, { userId: user.id, name: user.name, initials: initials(user.name || user.id), hue: hueOf(user.id), idle });
  }
  const all = [...byUser.values()].sort((a, b) => Number(a.idle) - Number(b.idle) || a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId));
  const shown = all.length > maxShown ? all.slice(0, maxShown - 1) : all;
  return { shown, more: all.length - shown.length, all };
}

function userOf(state: unknown): { id: string; name: string } | undefined {
  if (!state || typeof state !== 'object') return undefined;
  const user = (state as { user?: unknown }).user;
  if (!user || typeof user !== 'object') return undefined;
  const { id, name } = user as { id?: unknown; name?: unknown };
  if (typeof id !== 'string' || id === '') return undefined;
  return { id, name: typeof name === 'string' && name.trim() ? name.trim() : id };
}

/** FNV-1a over the id, folded to a hue: stable across pages, sessions and browsers. */
export function hueOf(userId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 360;
}
