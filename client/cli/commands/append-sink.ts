import type { TimelineEventInput } from '#shared';
import type { RetryOptions } from '../../sdk/index.ts';
import type { CommandContext } from '../command.ts';
import { println } from '../io.ts';

export const MODES = ['markdown', 'log', 'code', 'timeline'] as const;
export type Mode = (typeof MODES)[number];
/** Modes that send lines as text (`text.append`); the others send events. */
export const TEXT_MODES: readonly Mode[] = ['markdown', 'log', 'code'];

/** The server's limit on an event title; longer log lines are cut rather than failing the stream. */
const MAX_TITLE_CHARS = 1_000;

/**
 * How much of stdin `append` lets wait besides the batch in flight before it stops reading:
 * 256 Ki characters of text or 500 events (one full request each), so it holds at most two
 * requests' worth. Past that the producer blocks on its pipe, which loses nothing, instead of
 * the CLI growing without bound during an outage.
 */
export const BUFFER_LIMITS: Readonly<Record<Mode, number>> = { markdown: 256 * 1024, log: 256 * 1024, code: 256 * 1024, timeline: 500 };

export interface SinkOptions {
  /** Called once when the stream fails for good. */
  onError: () => void;
  retry: RetryOptions;
  /** Aborting gives up on what is unsent. */
  signal: AbortSignal;
}

export interface LineSink {
  /** False when the line was skipped. Throws once the stream failed. */
  write(line: string): boolean;
  /** Past the buffer limit: wait for `ready()` before reading on. */
  readonly full: boolean;
  ready(): Promise<void>;
  /** Lines the server acknowledged, and lines written but not (or no longer going to be) sent. */
  readonly acknowledged: number;
  readonly unsent: number;
  close(): Promise<void>;
}

/** The stream for the mode, retrying until an error is final. */
export async function openSink(context: CommandContext, id: string, sectionId: string, mode: Mode, options: SinkOptions): Promise<LineSink> {
  const streamOptions = { ...options, highWaterMark: BUFFER_LIMITS[mode] };
  if (mode === 'markdown') {
    const text = context.client.streamText(id, sectionId, streamOptions);
    const lines = markdownLines();
    return sinkOf(text, (line) => (text.write(lines(line)), true));
  }
  if (mode === 'log' || mode === 'code') {
    // A code section's body is shown verbatim: every line goes in exactly as read.
    const text = context.client.streamText(id, sectionId, streamOptions);
    return sinkOf(text, (line) => (text.write(`${line}\n`), true));
  }
  // Loaded here only: the schema pulls in zod, which the other commands do not need.
  const { timelineEventSchema } = await import('#shared');
  const timeline = context.client.streamTimeline(id, sectionId, streamOptions);
  return sinkOf(timeline, (line) => {
    const event = toEvent(line, new Date().toISOString(), (value) => timelineEventSchema.safeParse(value).success);
    if (event.kind === 'skip') return false;
    if (event.kind === 'invalid') println(context.io.stderr, 'warning: that JSON line is not a valid event; using it as the title');
    timeline.write(event.event);
    return true;
  });
}

interface StreamLike {
  readonly full: boolean;
  readonly acknowledged: number;
  readonly unsent: number;
  ready(): Promise<void>;
  close(): Promise<void>;
}

function sinkOf(stream: StreamLike, write: (line: string) => boolean): LineSink {
  return {
    write,
    get full() {
      return stream.full;
    },
    get acknowledged() {
      return stream.acknowledged;
    },
    get unsent() {
      return stream.unsent;
    },
    ready: () => stream.ready(),
    close: () => stream.close(),
  };
}

export type LineEvent = { kind: 'skip' } | { kind: 'event' | 'invalid'; event: TimelineEventInput };

/**
 * A line that is a valid event as JSON is taken as is (`at` defaults to `now`); any other
 * non-empty line, including invalid JSON events, becomes the title of an event at `now`, so
 * one bad line never ends a long-running stream.
 */
export function toEvent(line: string, now: string, isValid: (event: unknown) => boolean): LineEvent {
  const text = line.trim();
  if (text === '') return { kind: 'skip' };
  const parsed = text.startsWith('{') ? tryParse(text) : undefined;
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    const event = { at: now, ...parsed };
    if (isValid(event)) return { kind: 'event', event: event as TimelineEventInput };
  }
  const title = text.length > MAX_TITLE_CHARS ? `${text.slice(0, MAX_TITLE_CHARS - 1)}…` : text;
  return { kind: parsed === undefined ? 'event' : 'invalid', event: { at: now, title } };
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Opening and closing lines of a fenced code block (CommonMark: three or more ` or ~). */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Turns each line read into markdown that keeps its line break: Markdown joins consecutive
 * lines into one paragraph, so a build log or a list of results would read as one run-on
 * line. A line gets a hard break (two trailing spaces) unless it is blank (a paragraph break
 * already), already ends in one, or sits inside a fenced code block (shown verbatim anyway).
 * Returns a function of one line, with the fence state of the lines before it.
 */
export function markdownLines(): (line: string) => string {
  let fence: string | undefined;
  return (line) => {
    const marker = FENCE.exec(line)?.[1];
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      return `${line}\n`;
    }
    if (marker !== undefined) {
      fence = marker;
      return `${line}\n`;
    }
    const plain = line.trim() === '' || line.endsWith('  ') || line.endsWith('\\');
    return plain ? `${line}\n` : `${line}  \n`;
  };
}
