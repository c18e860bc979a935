import type { Extension, connectedPayload, onDisconnectPayload } from '@hocuspocus/server';
import type { Logger } from '../log.ts';
import type { LibraryConsoleSink } from './internals.ts';

/** Connection lifecycle in the structured log (never tokens or content). */
export function loggingExtension(logger: Logger): Extension {
  return {
    extensionName: 'logging',
    async connected({ documentName, socketId, connection }: connectedPayload) {
      logger.debug({ documentName, socketId, readOnly: connection.readOnly }, 'socket joined document');
    },
    async onDisconnect({ documentName, socketId, clientsCount }: onDisconnectPayload) {
      logger.debug({ documentName, socketId, clientsCount }, 'socket left document');
    },
  };
}

/** One warn line at most this often sums up what Hocuspocus reported. */
export const LIBRARY_SUMMARY_INTERVAL_MS = 60_000;
/** Distinct kinds a summary names; the rest are counted as `other`. */
const MAX_KINDS = 20;
const MAX_KIND_CHARS = 160;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/**
 * What Hocuspocus prints (see `routeHocuspocusConsole`), in the structured log. Nearly all of
 * it is caused by clients: malformed frames, refused tokens and documents, pre-auth queue
 * limits. So each report is a debug entry (with its error, stack as a field), and one warn line
 * per interval at most counts them by kind: a client sending garbage cannot flood the log.
 * Failures of our own (storage, bugs) are logged where they happen, at their own level.
 */
export class LibraryLog {
  private counts = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The hook failure reported last in this turn of the event loop (see `sink`). */
  private lastHookFailure: string | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = LIBRARY_SUMMARY_INTERVAL_MS,
  ) {}

  readonly sink: LibraryConsoleSink = (level, args) => {
    const err = args.find((arg): arg is Error => arg instanceof Error);
    const kind = kindOf(args);
    // `hooks()` logs a failed hook once more for every extension after it that has the hook
    // (each link of its promise chain catches, logs and rethrows): one failure, one report.
    if (typeof args[0] === 'string' && args[0].startsWith('[')) {
      if (kind === this.lastHookFailure) return;
      this.lastHookFailure = kind;
      setImmediate(() => (this.lastHookFailure = undefined));
    }
    this.logger.debug({ library: 'hocuspocus', consoleLevel: level, ...(err ? { err } : {}) }, kind);
    const key = this.counts.has(kind) || this.counts.size < MAX_KINDS ? kind : 'other';
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.intervalMs);
      this.timer.unref();
    }
  };

  /** Writes the summary of what was reported since the last one (if anything was). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.counts.size === 0) return;
    const kinds = Object.fromEntries(this.counts);
    const total = [...this.counts.values()].reduce((sum, n) => sum + n, 0);
    this.counts = new Map();
    this.logger.warn({ library: 'hocuspocus', total, kinds, intervalMs: this.intervalMs }, 'hocuspocus refused socket messages (malformed frames, refused tokens or documents); details at debug level');
  }
}

/** A short label that groups reports of one kind: no socket ids, document names or stacks. */
function kindOf(args: unknown[]): string {
  const text = args
    .map((arg) => (typeof arg === 'string' ? arg : arg instanceof Error ? `${arg.name}: ${arg.message}` : ''))
    .filter(Boolean)
    .join(' ');
  return (
    text
      .replace(UUID, '<socket>')
      .replace(/\(while handling [^)]*\)/g, '')
      .replace(/"[^"]*"/g, '"…"')
      .split('\n', 1)[0]
      ?.replace(/\s+/g, ' ')
      .trim()
      .slice(0, MAX_KIND_CHARS) || 'unknown'
  );
}
