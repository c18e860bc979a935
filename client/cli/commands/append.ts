import { createInterface } from 'node:readline';
import type { TimelineEventInput } from '#shared';
import type { ArtifactsClient, Section } from '../../sdk/index.ts';
import { JSON_OPTION, positional, requireString, stringOption, type Command, type CommandContext } from '../command.ts';
import { InputError, UsageError } from '../errors.ts';
import { println } from '../io.ts';

const MODES = ['markdown', 'timeline'] as const;
type Mode = (typeof MODES)[number];

/** Section types each mode can append to (`text.append` also works on callouts). */
const ACCEPTS: Record<Mode, readonly Section['type'][]> = { markdown: ['markdown', 'callout'], timeline: ['timeline'] };

/** The server's limit on an event title; longer log lines are cut rather than failing the stream. */
const MAX_TITLE_CHARS = 1_000;

export const appendCommand: Command = {
  name: 'append',
  summary: 'stream stdin into a section, line by line as it arrives',
  positionals: ['id'],
  options: {
    section: { type: 'string', short: 's', valueName: '<section-id>', description: 'the section to append to', required: true },
    as: { type: 'string', valueName: '<mode>', description: 'markdown (default): append each line as text; timeline: one event per line' },
    create: { type: 'boolean', description: 'create the section (of the --as type) if it does not exist' },
    json: JSON_OPTION,
  },
  details: [
    'Lines are sent as they arrive, batched every 50 ms, so slow producers show up live:',
    '  tail -f build.log | artifacts append <id> --section log --create',
    'In timeline mode a line that is a JSON object is taken as the event ({"title","at"?,',
    '"body"?,"severity"?,"actor"?}); any other non-empty line becomes {"title": line} at the',
    'current time. Ctrl-C stops reading, sends what is buffered and exits 130.',
  ].join('\n'),
  async run(context) {
    const id = positional(context, 0);
    const sectionId = requireString(context, 'section', 'append');
    const mode = parseMode(stringOption(context.values, 'as'));
    await ensureSection(context.client, id, sectionId, mode, context.values['create'] === true);

    // Aborted when the stream fails or on Ctrl-C: ends the read loop even if stdin stays open.
    const stop = new AbortController();
    const sink = await openSink(context, id, sectionId, mode, () => stop.abort());
    // Created only now: readline starts consuming stdin at once, and lines it reads before
    // the loop below is listening would be lost.
    const lines = createInterface({ input: context.io.stdin, crlfDelay: Infinity, signal: stop.signal });
    let interrupted = false;
    const unsubscribe = context.io.onInterrupt(() => {
      interrupted = true;
      stop.abort();
    });
    let count = 0;
    try {
      for await (const line of lines) {
        if (sink.write(line)) count += 1;
      }
      await sink.close();
    } finally {
      unsubscribe();
      lines.close();
      // Stops reading a producer that is still writing (e.g. tail -f) so the process can exit.
      context.io.stdin.destroy();
    }
    if (context.values['json']) println(context.io.stdout, JSON.stringify({ appended: count, interrupted }));
    else println(context.io.stdout, `appended ${count} ${mode === 'markdown' ? 'line' : 'event'}${count === 1 ? '' : 's'} to ${sectionId}`);
    if (interrupted) throw new Interrupted();
  },
};

/** Thrown after a clean shutdown on SIGINT/SIGTERM; main maps it to exit code 130. */
export class Interrupted extends Error {
  override readonly name = 'Interrupted';
}

function parseMode(value: string | undefined): Mode {
  if (value === undefined) return 'markdown';
  const mode = MODES.find((m) => m === value);
  if (!mode) throw new UsageError(`--as must be one of ${MODES.join(', ')}, not '${value}'`, 'append');
  return mode;
}

/** Checks up front, so a wrong id fails before the producer has written anything. */
async function ensureSection(client: ArtifactsClient, id: string, sectionId: string, mode: Mode, create: boolean): Promise<void> {
  const artifact = await client.get(id);
  const section = artifact.sections.find((s) => s.id === sectionId);
  if (section) {
    if (ACCEPTS[mode].includes(section.type)) return;
    throw new InputError('section_type_mismatch', `section ${sectionId} is a ${section.type} section; --as ${mode} needs ${ACCEPTS[mode].join(' or ')}`);
  }
  if (!create) throw new InputError('section_not_found', `artifact ${id} has no section ${sectionId}; pass --create to create it`);
  const fields = mode === 'markdown' ? { id: sectionId, type: 'markdown' as const, text: '' } : { id: sectionId, type: 'timeline' as const, events: [] };
  await client.ops(id, [{ op: 'section.upsert', section: fields }]);
}

interface LineSink {
  /** False when the line was skipped. Throws once the stream failed. */
  write(line: string): boolean;
  close(): Promise<void>;
}

/** The stream for the mode; its failure stops reading stdin at once (`onError`). */
async function openSink(context: CommandContext, id: string, sectionId: string, mode: Mode, onError: () => void): Promise<LineSink> {
  if (mode === 'markdown') {
    const text = context.client.streamText(id, sectionId, { onError });
    return { write: (line) => (text.write(`${line}\n`), true), close: () => text.close() };
  }
  // Loaded here only: the schema pulls in zod, which the other commands do not need.
  const { timelineEventSchema } = await import('#shared');
  const timeline = context.client.streamTimeline(id, sectionId, { onError });
  return {
    write(line) {
      const event = toEvent(line, new Date().toISOString(), (value) => timelineEventSchema.safeParse(value).success);
      if (event.kind === 'skip') return false;
      if (event.kind === 'invalid') println(context.io.stderr, 'warning: that JSON line is not a valid event; using it as the title');
      timeline.write(event.event);
      return true;
    },
    close: () => timeline.close(),
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
