import type { Document, Hocuspocus } from '@hocuspocus/server';
import type * as Y from 'yjs';

/**
 * The one place that reaches into library internals (lib0's observer map, Hocuspocus' message
 * queue, socket and debouncer key, where Hocuspocus prints its errors) and works around its
 * known bugs. Each use falls back to the public behaviour when the internal is missing, and
 * internals.test.ts fails with a clear message when an upgrade moves one of them. package.json
 * pins @hocuspocus/* to exact versions so that an upgrade is always a deliberate change.
 */

/** The update listeners lib0's Observable keeps in `_observers` (a Map of name → Set). */
function observersOf(doc: Y.Doc): Map<string, unknown> | undefined {
  const observers = (doc as unknown as { _observers?: unknown })._observers;
  return observers instanceof Map ? (observers as Map<string, unknown>) : undefined;
}

/** Whether `_observers` is where this lib0 keeps listeners (the canary test asserts it). */
export function canSetListenersAside(doc: Y.Doc): boolean {
  return observersOf(doc) !== undefined;
}

/**
 * Runs `fn` with the document's 'update' listeners set aside and puts them back after it, so
 * a transaction inside `fn` is announced to nobody: Hocuspocus neither broadcasts it nor runs
 * its change hooks. Yjs encodes an update only when 'update' has listeners, so `fn` may add
 * its own to capture the bytes; those are dropped with the set-aside.
 *
 * Throws when this lib0 keeps listeners elsewhere: announcing a change before it is stored is
 * exactly what callers use this to avoid, so there is no silent fallback.
 */
export function withUpdateListenersSetAside<T>(doc: Y.Doc, fn: () => T): T {
  const observers = observersOf(doc);
  if (!observers) throw new Error('lib0 no longer keeps listeners in _observers; see server/collab/internals.ts');
  const listeners = observers.get('update');
  observers.delete('update');
  try {
    return fn();
  } finally {
    if (listeners) observers.set('update', listeners);
    else observers.delete('update');
  }
}

/**
 * The raw messages a Hocuspocus connection has received and not yet handled, oldest first
 * (private `messageQueue` in 4.7). Undefined when the field is gone: callers then simply do
 * not look ahead.
 */
export function messageQueueOf(connection: unknown): Uint8Array[] | undefined {
  const queue = (connection as { messageQueue?: unknown }).messageQueue;
  return Array.isArray(queue) ? (queue as Uint8Array[]) : undefined;
}

/**
 * The WebSocket under a Hocuspocus document connection (`webSocket` in 4.7). A CLOSE message
 * alone leaves a provider sitting unauthenticated on an open socket; closing the socket makes
 * any provider reconnect and resync by itself.
 */
export function socketOf(connection: unknown): { close(code?: number, reason?: string): void } | undefined {
  const socket = (connection as { webSocket?: unknown }).webSocket;
  return socket && typeof (socket as { close?: unknown }).close === 'function' ? (socket as { close(code?: number, reason?: string): void }) : undefined;
}

/**
 * Runs the debounced `onStoreDocument` of a loaded document now, if one is pending, so that an
 * unload right after it is not put off (Hocuspocus keys its debouncer `onStoreDocument-<name>`
 * in 4.7; a different key is only a missed flush, and the canary test says so).
 */
export async function flushPendingStore(hocuspocus: Hocuspocus, documentName: string): Promise<void> {
  const key = `onStoreDocument-${documentName}`;
  if (hocuspocus.debouncer.isDebounced(key)) await hocuspocus.debouncer.executeNow(key);
}

/**
 * Workaround for hocuspocus#1156 (fixed upstream after 4.7.0, unreleased): when `onLoadDocument`
 * throws, Hocuspocus never destroys the document it made for the load, and that document's
 * Awareness keeps an interval timer, and with it the whole Y.Doc, alive for the life of the
 * process: one leak per refused connection. The failing hook calls this before it rethrows.
 * Remove it once a release destroys the document itself (internals.test.ts fails then).
 */
export function destroyFailedLoad(document: Document): void {
  if (!document.isDestroyed) document.destroy();
}

/** What Hocuspocus printed: the console method and its arguments, as given. */
export type LibraryConsoleSink = (level: 'error' | 'warn', args: unknown[]) => void;

/** Sinks of the running collab instances, newest last (a process normally runs one). */
const consoleSinks: LibraryConsoleSink[] = [];
/** The wrappers in place, to wrap again whatever replaced them since (a test framework). */
const consoleWrappers = new Map<'error' | 'warn', (...args: unknown[]) => void>();

/** Whether the code that called console sits in @hocuspocus' own files. */
function calledFromHocuspocus(skip: (...args: never[]) => unknown): boolean {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 1;
  Error.captureStackTrace(holder, skip);
  Error.stackTraceLimit = limit;
  return /[\\/]@hocuspocus[\\/]/.test(holder.stack ?? '');
}

/**
 * Hocuspocus 4.7 has no logger option: ClientConnection, Connection, MessageReceiver and
 * `Hocuspocus.hooks()` report every malformed frame and every refused hook with
 * `console.error` / `console.warn`, stack traces included, and `quiet` does not silence them.
 * This wraps the two console methods; a call made *from Hocuspocus' own files* goes to the
 * newest sink instead of the console, everything else passes through unchanged. Returns the
 * function that removes this sink.
 */
export function routeHocuspocusConsole(sink: LibraryConsoleSink): () => void {
  consoleSinks.push(sink);
  for (const level of ['error', 'warn'] as const) {
    if (console[level] === consoleWrappers.get(level)) continue;
    const original = console[level];
    const routed = (...args: unknown[]): void => {
      const current = consoleSinks.at(-1);
      if (current && calledFromHocuspocus(routed)) current(level, args);
      else original.apply(console, args);
    };
    consoleWrappers.set(level, routed);
    console[level] = routed;
  }
  return () => {
    const index = consoleSinks.lastIndexOf(sink);
    if (index >= 0) consoleSinks.splice(index, 1);
  };
}
