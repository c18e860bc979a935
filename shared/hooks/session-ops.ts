import type { Op } from '../ops/index.ts';
import type { ArtifactJSON, Section, Severity, TableCell, TimelineEvent } from '../schema/types.ts';
import { SESSION_SECTIONS, SESSION_STARTED_EVENT_ID, sessionSectionOps } from '../templates/session.ts';
import { HOOK_SOURCE_NAMES, type HookEvent, type HookSource } from './event-schema.ts';
import { redactValue } from './redact.ts';
import { filesTouched, toolLabel } from './tool-summary.ts';
import { groupDigits, oneLine, storable, truncate } from './truncate.ts';

/*
 * One hook event → the ops that bring its session artifact up to date. Pure: the caller passes
 * the artifact as it is now and the event's time. Every event is redacted first, so nothing
 * below ever sees a secret. Tool calls are one timeline event each, keyed by `tool_use_id`:
 * whichever of Pre and Post arrives first creates it, the second replaces it (timeline.append
 * with a known id), and each carries its own time, so the duration survives either order.
 */

export const SESSION_STATUS = { running: 'running', waiting: 'waiting for input', done: 'done' } as const;

/** Bounds on what one event puts on the page; the rest is cut with a note saying how much. */
export const HOOK_TEXT_LIMITS = { inputChars: 4_000, inputLines: 30, responseChars: 8_000, responseLines: 40, promptChars: 2_000, titleChars: 80, genericChars: 4_000 } as const;

export interface HookContext {
  source: HookSource;
  /** ISO 8601 time of the event: when the agent sent it, else when the server received it. */
  at: string;
  /** The session artifact as it is now. */
  current: ArtifactJSON;
}

/** The title of a new session artifact: the first prompt, else the working folder's name, else "Agent session". */
export function sessionTitle(raw: HookEvent): string {
  const event = redactValue(raw) as HookEvent;
  if (event.hook_event_name === 'UserPromptSubmit' && event.prompt?.trim()) return storable(oneLine(event.prompt, HOOK_TEXT_LIMITS.titleChars));
  const folder = event.cwd?.replace(/\/+$/, '').split('/').pop();
  return folder ? storable(oneLine(folder, HOOK_TEXT_LIMITS.titleChars)) : 'Agent session';
}

/** Timeline ids are `[A-Za-z0-9][A-Za-z0-9_.:-]*`, at most 200 characters. */
export function toolEventId(toolUseId: string): string {
  return `tool-${toolUseId.replace(/[^A-Za-z0-9_.:-]/g, '_')}`.slice(0, 200);
}

export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

const DURATION_SUFFIX = / · \d[\d.]* (?:ms|s|min \d+ s)$/;

/** A fence longer than any run of backticks in `text`, so tool output cannot close it. */
function fenced(text: string, language = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2) ?? String(value);
}

/** What a tool answered: Bash's stdout and stderr, Read's file text, other answers as they came. */
function responseText(response: unknown): string {
  if (typeof response === 'object' && response !== null && !Array.isArray(response)) {
    const r = response as Record<string, unknown>;
    // Read answers with the file it read: its text says more than the JSON around it.
    const file = r['file'];
    if (typeof file === 'object' && file !== null && typeof (file as Record<string, unknown>)['content'] === 'string') return (file as Record<string, string>)['content'] as string;
    if (typeof r['stdout'] === 'string' || typeof r['stderr'] === 'string') {
      return [r['stdout'], r['stderr']].filter((s): s is string => typeof s === 'string' && s !== '').join('\n');
    }
  }
  return show(response);
}

function inputText(tool: string, input: unknown): { text: string; language: string } {
  const command = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)['command'] : undefined;
  if ((tool === 'Bash' || tool === 'shell') && typeof command === 'string') return { text: command, language: 'sh' };
  return { text: show(input ?? {}), language: typeof input === 'string' ? '' : 'json' };
}

function toolBody(event: HookEvent, tool: string): string {
  const input = inputText(tool, event.tool_input);
  const parts = [`**Input**\n\n${fenced(truncate(input.text, HOOK_TEXT_LIMITS.inputChars, HOOK_TEXT_LIMITS.inputLines), input.language)}`];
  if (event.hook_event_name === 'PostToolUseFailure') {
    const reason = event.is_interrupt ? 'Interrupted' : 'Error';
    parts.push(`**${reason}**\n\n${fenced(truncate(show(event.error ?? 'the tool failed'), HOOK_TEXT_LIMITS.responseChars, HOOK_TEXT_LIMITS.responseLines))}`);
  } else if (event.tool_response !== undefined) {
    parts.push(`**Response**\n\n${fenced(truncate(responseText(event.tool_response), HOOK_TEXT_LIMITS.responseChars, HOOK_TEXT_LIMITS.responseLines))}`);
  }
  return parts.join('\n\n');
}

/** Whether a tool response says it failed (Codex and some tools report failure in PostToolUse). */
function failed(event: HookEvent): boolean {
  if (event.hook_event_name === 'PostToolUseFailure') return true;
  const r = event.tool_response;
  if (typeof r !== 'object' || r === null) return false;
  const fields = r as Record<string, unknown>;
  return fields['success'] === false || fields['is_error'] === true || (typeof fields['exit_code'] === 'number' && fields['exit_code'] !== 0) || fields['interrupted'] === true;
}

type Sections = { timeline?: Extract<Section, { type: 'timeline' }>; prompts?: Extract<Section, { type: 'markdown' }>; files?: Extract<Section, { type: 'table' }> };

function sessionSections(current: ArtifactJSON): Sections {
  const found: Sections = {};
  for (const section of current.sections) {
    if (section.id === SESSION_SECTIONS.timeline && section.type === 'timeline') found.timeline = section;
    if (section.id === SESSION_SECTIONS.prompts && section.type === 'markdown') found.prompts = section;
    if (section.id === SESSION_SECTIONS.files && section.type === 'table') found.files = section;
  }
  return found;
}

/** The ops for one hook event (empty when it changes nothing, e.g. a repeated Post). */
export function hookEventOps(raw: HookEvent, context: HookContext): Op[] {
  const event = redactValue(raw) as HookEvent;
  const { at, current } = context;
  const actor = event.agent_type ? storable(oneLine(event.agent_type, 80)) : HOOK_SOURCE_NAMES[context.source];
  const found = sessionSections(current);
  const ops: Op[] = [];
  // A person may have removed a section; put it back rather than fail every later event.
  const skeletons = sessionSectionOps(at);
  const need = (key: keyof typeof SESSION_SECTIONS) => {
    if (!found[key]) ops.push(key === 'timeline' ? { op: 'section.upsert', section: { id: SESSION_SECTIONS.timeline, type: 'timeline', title: 'Timeline' } } : skeletons[key]);
  };
  const status = (value: string) => {
    if (current.meta.status !== value) ops.push({ op: 'meta.set', status: value });
  };
  const append = (e: Omit<TimelineEvent, 'id'> & { id?: string }) => {
    need('timeline');
    ops.push({ op: 'timeline.append', id: SESSION_SECTIONS.timeline, event: clean({ ...e, actor }) });
  };
  const name = event.hook_event_name;

  switch (name) {
    case 'SessionStart': {
      status(SESSION_STATUS.running);
      const how = event.source && event.source !== 'startup' ? event.source : undefined;
      const placeholder = found.timeline?.events.find((e) => e.id === SESSION_STARTED_EVENT_ID && e.actor === undefined);
      const details = [event.cwd && `in \`${event.cwd}\``, event.model && `model ${event.model}`].filter(Boolean).join(', ');
      append({
        ...(how === undefined || placeholder ? { id: SESSION_STARTED_EVENT_ID } : {}),
        at,
        title: how === undefined ? 'Session started' : `Session ${how === 'resume' ? 'resumed' : `started (${how})`}`,
        ...(details ? { body: details } : {}),
        severity: 'info',
      });
      break;
    }
    case 'UserPromptSubmit': {
      status(SESSION_STATUS.running);
      const prompt = event.prompt ?? '';
      const text = found.prompts?.text ?? '';
      const count = (text.match(/^\*\*\d+\.\*\* /gm) ?? []).length;
      if (count === 0 && prompt.trim() && (current.meta.title === sessionTitle({ ...event, hook_event_name: 'SessionStart' }) || current.meta.title === 'Agent session')) {
        ops.push({ op: 'meta.set', title: storable(oneLine(prompt, HOOK_TEXT_LIMITS.titleChars)) });
      }
      need('prompts');
      const quoted = truncate(prompt, HOOK_TEXT_LIMITS.promptChars).split('\n').map((line) => `> ${line}`).join('\n');
      ops.push({ op: 'text.append', id: SESSION_SECTIONS.prompts, text: `${text === '' ? '' : '\n\n'}**${count + 1}.** ${at.slice(11, 16)} UTC\n\n${quoted}` });
      break;
    }
    case 'PreToolUse':
    case 'PostToolUse':
    case 'PostToolUseFailure':
      status(SESSION_STATUS.running);
      ops.push(...toolOps(event, context, found, actor, need));
      break;
    case 'PermissionRequest':
      status(SESSION_STATUS.waiting);
      append({ at, title: `Permission requested: ${toolLabel(event.tool_name ?? 'tool', event.tool_input, event.cwd)}`, severity: 'warning' });
      break;
    case 'Notification':
      status(SESSION_STATUS.waiting);
      append({ at, title: oneLine(event.message || event.title || 'Waiting for input', 200), severity: 'warning' });
      break;
    case 'Stop':
      status(SESSION_STATUS.waiting);
      append({ at, title: 'Finished responding', severity: 'resolved', ...(event.last_assistant_message ? { body: truncate(event.last_assistant_message, HOOK_TEXT_LIMITS.genericChars) } : {}) });
      break;
    case 'SubagentStop':
      append({ at, title: `Subagent finished${event.agent_type ? `: ${event.agent_type}` : ''}`, severity: 'resolved' });
      break;
    case 'PreCompact':
    case 'PostCompact':
      append({ at, title: `${name === 'PreCompact' ? 'Compacting' : 'Compacted'} the context${event.trigger ? ` (${event.trigger})` : ''}`, severity: 'info' });
      break;
    case 'SessionEnd':
      status(SESSION_STATUS.done);
      append({ at, title: `Session ended${event.reason ? ` (${event.reason})` : ''}`, severity: 'resolved' });
      break;
    default:
      append({ at, title: oneLine(name, 200), body: fenced(truncate(show(otherFields(event)), HOOK_TEXT_LIMITS.genericChars), 'json'), severity: 'info' });
  }
  return ops;
}

/** What an unknown event said besides the fields every event has. */
function otherFields(event: HookEvent): Record<string, unknown> {
  const { session_id: _s, hook_event_name: _h, transcript_path: _t, cwd: _c, ...rest } = event;
  return rest;
}

function toolOps(event: HookEvent, context: HookContext, found: Sections, actor: string, need: (key: keyof typeof SESSION_SECTIONS) => void): Op[] {
  const tool = event.tool_name ?? 'tool';
  const label = storable(toolLabel(tool, event.tool_input, event.cwd));
  const id = event.tool_use_id ? toolEventId(event.tool_use_id) : undefined;
  const existing = id ? found.timeline?.events.find((e) => e.id === id) : undefined;
  const isPre = event.hook_event_name === 'PreToolUse';
  const at = context.at;
  const ops: Op[] = [];
  let next: Omit<TimelineEvent, 'id'> & { id?: string };

  if (!existing) {
    const severity: Severity = isPre ? 'info' : failed(event) ? 'critical' : 'resolved';
    const took = !isPre && typeof event.duration_ms === 'number' ? ` · ${formatDuration(event.duration_ms)}` : '';
    next = { ...(id ? { id } : {}), at, title: `${label}${took}`, body: toolBody(event, tool), severity };
    ops.push(...fileOps(tool, event, found, need));
  } else {
    const pending = existing.severity === 'info';
    // A repeat (a retried Pre, a second Post) changes nothing: the event already says all of it.
    if (isPre || !pending) {
      if (!isPre || pending || DURATION_SUFFIX.test(existing.title)) return [];
      // Pre after its Post: the call started now and ended at the Post's time.
      const ms = Date.parse(existing.at) - Date.parse(at);
      next = { ...existing, at, title: ms >= 0 ? `${label} · ${formatDuration(ms)}` : existing.title };
    } else {
      const ms = typeof event.duration_ms === 'number' ? event.duration_ms : Date.parse(at) - Date.parse(existing.at);
      next = { id: existing.id, at: existing.at, title: ms >= 0 ? `${label} · ${formatDuration(ms)}` : label, body: toolBody(event, tool), severity: failed(event) ? 'critical' : 'resolved' };
    }
  }
  need('timeline');
  ops.push({ op: 'timeline.append', id: SESSION_SECTIONS.timeline, event: clean({ ...next, actor }) });
  return ops;
}

/** The files table with this call's files counted (once per call: on whichever of Pre and Post came first). */
function fileOps(tool: string, event: HookEvent, found: Sections, need: (key: keyof typeof SESSION_SECTIONS) => void): Op[] {
  const files = filesTouched(tool, event.tool_input, event.cwd).map((f) => storable(oneLine(f, 500)));
  if (files.length === 0) return [];
  need('files');
  const rows: TableCell[][] = (found.files?.rows ?? []).map((row) => [...row]);
  for (const file of files) {
    const row = rows.find((r) => r[0] === file && r[1] === tool);
    if (row) row[2] = Number(row[2] ?? 0) + 1;
    else rows.push([file, tool, 1]);
  }
  return [{ op: 'section.upsert', section: { id: SESSION_SECTIONS.files, rows } }];
}

/** Text fields made storable; the title never empty. */
function clean<T extends { title: string; body?: string }>(event: T): T {
  return { ...event, title: storable(event.title) || 'event', ...(event.body !== undefined ? { body: storable(event.body) } : {}) };
}
