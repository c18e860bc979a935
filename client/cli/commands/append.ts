import { createInterface } from 'node:readline';
import type { ArtifactsClient, Section } from '../../sdk/index.ts';
import { JSON_OPTION, positional, requireString, stringOption, type Command } from '../command.ts';
import { InputError, Interrupted, PartialFailure, UsageError } from '../errors.ts';
import { println } from '../io.ts';
import { retryNotes } from '../retry-notes.ts';
import { MODES, openSink, TEXT_MODES, type LineSink, type Mode } from './append-sink.ts';

export { toEvent, type LineEvent } from './append-sink.ts';

/** Section types each mode can append to (`text.append` also works on callouts). */
const ACCEPTS: Record<Mode, readonly Section['type'][]> = { markdown: ['markdown', 'callout'], log: ['code'], code: ['code'], timeline: ['timeline'] };

/** The language of a code section created by `--as log`; the viewer shows it as a log. */
const LOG_LANGUAGE = 'log';

export const appendCommand: Command = {
  name: 'append',
  summary: 'stream stdin into a section, line by line as it arrives',
  positionals: ['id'],
  options: {
    section: { type: 'string', short: 's', valueName: '<section-id>', description: 'the section to append to', required: true },
    as: {
      type: 'string',
      valueName: '<mode>',
      description: 'markdown (default): lines as text, line breaks kept; log or code: lines verbatim into a code section; timeline: one event per line',
    },
    language: { type: 'string', valueName: '<lang>', description: 'with --as code and --create: the new section\'s language, e.g. sh (default: text)' },
    title: { type: 'string', valueName: '<title>', description: 'with --create: the new section\'s title' },
    create: { type: 'boolean', description: 'create the section (of the --as type) if it does not exist' },
    json: JSON_OPTION,
  },
  details: [
    'Lines are sent as they arrive, batched every 50 ms, so slow producers show up live:',
    '  make build 2>&1 | artifacts append <id> --section build --as log --create',
    'A log (a code section of language "log") keeps every line verbatim, in a monospace box that',
    'viewers see follow the newest line. In markdown mode each line keeps its line break (a',
    'Markdown hard break is added), so output does not run together into one paragraph.',
    'In timeline mode a line that is a JSON object is taken as the event ({"title","at"?,',
    '"body"?,"severity"?,"actor"?}); any other non-empty line becomes {"title": line} at the',
    'current time.',
    '',
    'The command outlives server restarts and token expiry: a batch that got no answer (or a',
    '429, 502-504) is resent with the same idempotency key, so it is applied exactly once, and',
    'a stored login is renewed as needed. Meanwhile at most two requests of stdin are held',
    '(512 Ki characters, 1,000 events); past that stdin is not read until the server catches',
    'up, so the producer waits and nothing is lost. It exits 1 only on a final error (a token',
    'that cannot be renewed, 403, 404, a rejected batch), saying how many lines were applied',
    'and how many were not.',
    'Ctrl-C stops reading, sends what is buffered and exits 130; a second Ctrl-C gives up on it.',
  ].join('\n'),
  async run(context) {
    const id = positional(context, 0);
    const sectionId = requireString(context, 'section', 'append');
    const mode = parseMode(stringOption(context.values, 'as'));
    const language = stringOption(context.values, 'language');
    if (language !== undefined && mode !== 'code') throw new UsageError('--language goes with --as code', 'append');
    const create = context.values['create'] === true ? { title: stringOption(context.values, 'title'), language } : undefined;
    await ensureSection(context.client, id, sectionId, mode, create);

    const { stdin, stderr } = context.io;
    // `stop` ends the read loop (Ctrl-C, or a final error) even if stdin stays open; `giveUp`
    // (a second Ctrl-C) ends the retries of what is still unsent.
    const stop = new AbortController();
    const giveUp = new AbortController();
    const notes = retryNotes(stderr);
    const sink = await openSink(context, id, sectionId, mode, { onError: () => stop.abort(), retry: { onRetry: notes.onRetry, onRecovered: notes.onRecovered }, signal: giveUp.signal });
    // Created only now: readline starts consuming stdin at once, and lines it reads before
    // the loop below is listening would be lost.
    const lines = createInterface({ input: stdin, crlfDelay: Infinity, signal: stop.signal });
    let interrupted = false;
    const unsubscribe = context.io.onInterrupt(() => {
      if (interrupted) return giveUp.abort(new Interrupted());
      interrupted = true;
      stop.abort();
      if (notes.inOutage && sink.unsent > 0) println(stderr, `stopping; ${sink.unsent} ${unit(mode, sink.unsent)} will be sent once the server answers (Ctrl-C again to give up on them)`);
    });
    let count = 0;
    try {
      await pump(lines, sink, stop.signal, () => println(stderr, 'note: the server is not keeping up; stdin is read again once the buffered lines are sent'), () => (count += 1));
      await sink.close();
    } catch (error: unknown) {
      const sent = `${sink.acknowledged} ${unit(mode, sink.acknowledged)} appended to ${sectionId}`;
      if (giveUp.signal.aborted) throw new PartialFailure(new Interrupted(), `gave up: ${sent}, ${sink.unsent} not sent`);
      throw new PartialFailure(error, `${sent} before the error; ${sink.unsent} not sent`);
    } finally {
      unsubscribe();
      lines.close();
      // Stops reading a producer that is still writing (e.g. tail -f) so the process can exit.
      stdin.destroy();
    }
    if (context.values['json']) println(context.io.stdout, JSON.stringify({ appended: count, interrupted }));
    else println(context.io.stdout, `appended ${count} ${unit(mode, count)} to ${sectionId}`);
    if (interrupted) throw new Interrupted();
  },
};

/**
 * Feeds lines to the sink; while it is full, reads nothing more (readline then pauses stdin,
 * the pipe fills and the producer blocks) and says so once.
 */
async function pump(lines: AsyncIterable<string>, sink: LineSink, stop: AbortSignal, onFirstWait: () => void, onLine: () => void): Promise<void> {
  let waited = false;
  for await (const line of lines) {
    if (sink.write(line)) onLine();
    if (!sink.full) continue;
    if (!waited) onFirstWait();
    waited = true;
    await untilAborted(sink.ready(), stop);
  }
}

/** Resolves with `promise`, or as soon as `signal` aborts (Ctrl-C while waiting for room). */
function untilAborted(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function unit(mode: Mode, n: number): string {
  return `${TEXT_MODES.includes(mode) ? 'line' : 'event'}${n === 1 ? '' : 's'}`;
}

function parseMode(value: string | undefined): Mode {
  if (value === undefined) return 'markdown';
  const mode = MODES.find((m) => m === value);
  if (!mode) throw new UsageError(`--as must be one of ${MODES.join(', ')}, not '${value}'`, 'append');
  return mode;
}

interface NewSection {
  title: string | undefined;
  language: string | undefined;
}

/** Checks up front, so a wrong id fails before the producer has written anything. */
async function ensureSection(client: ArtifactsClient, id: string, sectionId: string, mode: Mode, create: NewSection | undefined): Promise<void> {
  const artifact = await client.get(id);
  const section = artifact.sections.find((s) => s.id === sectionId);
  if (section) {
    if (ACCEPTS[mode].includes(section.type)) return;
    throw new InputError('section_type_mismatch', `section ${sectionId} is a ${section.type} section; --as ${mode} needs ${ACCEPTS[mode].join(' or ')}`);
  }
  if (!create) throw new InputError('section_not_found', `artifact ${id} has no section ${sectionId}; pass --create to create it`);
  await client.ops(id, [{ op: 'section.upsert', section: { ...newSection(sectionId, mode, create.language), ...(create.title ? { title: create.title } : {}) } }]);
}

function newSection(id: string, mode: Mode, language: string | undefined): Section {
  switch (mode) {
    case 'markdown':
      return { id, type: 'markdown', text: '' };
    case 'log':
      return { id, type: 'code', language: LOG_LANGUAGE, code: '' };
    case 'code':
      return { id, type: 'code', language: language ?? 'text', code: '' };
    case 'timeline':
      return { id, type: 'timeline', events: [] };
  }
}
