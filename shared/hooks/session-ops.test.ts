import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyOps } from '../ops/index.ts';
import { artifactToJSON, type ArtifactJSON, type TimelineEvent } from '../schema/index.ts';
import { sessionTemplate } from '../templates/session.ts';
import { hookEventSchema, type HookEvent } from './event-schema.ts';
import { hookEventOps, sessionTitle, toolEventId } from './session-ops.ts';
import { truncate } from './truncate.ts';

/** A session artifact driven by hook events through the real op language, as the server does. */
function session(first: Partial<HookEvent> = {}) {
  const doc = new Y.Doc();
  let n = 0;
  const newId = () => `g${++n}`;
  const base = { session_id: 's1', cwd: '/home/me/shop', ...first } as HookEvent;
  applyOps(doc, { ops: sessionTemplate({ title: sessionTitle({ ...base, hook_event_name: base.hook_event_name ?? 'SessionStart' }), now: '2026-05-01T10:00:00.000Z' }) }, { newId });
  return {
    send(event: Record<string, unknown>, at: string) {
      const parsed = hookEventSchema.parse({ session_id: 's1', cwd: '/home/me/shop', ...event });
      const ops = hookEventOps(parsed, { source: 'claude-code', at, current: json() });
      if (ops.length) applyOps(doc, { ops }, { newId });
      return ops;
    },
    json,
    events: () => (json().sections.find((s) => s.id === 'timeline') as { events: TimelineEvent[] }).events,
  };
  function json(): ArtifactJSON {
    return artifactToJSON(doc, 'a1');
  }
}

const pre = { hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_use_id: 'toolu_1', tool_input: { command: 'npm test' } };
const post = { ...pre, hook_event_name: 'PostToolUse', tool_response: { stdout: 'all 12 passed', stderr: '', interrupted: false } };

describe('hookEventOps', () => {
  it('pairs Pre and Post by tool_use_id into one event with its duration', () => {
    const s = session();
    s.send(pre, '2026-05-01T10:01:00.000Z');
    expect(s.events().find((e) => e.id === toolEventId('toolu_1'))).toMatchObject({ title: 'Bash: npm test', severity: 'info' });
    s.send(post, '2026-05-01T10:01:02.500Z');
    const calls = s.events().filter((e) => e.id.startsWith('tool-'));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ at: '2026-05-01T10:01:00.000Z', title: 'Bash: npm test · 2.5 s', severity: 'resolved', actor: 'Claude Code' });
    expect(calls[0]?.body).toContain('all 12 passed');
  });

  it('a Post before its Pre makes one event and keeps the duration', () => {
    const s = session();
    s.send(post, '2026-05-01T10:01:02.500Z');
    s.send(pre, '2026-05-01T10:01:00.000Z');
    const calls = s.events().filter((e) => e.id.startsWith('tool-'));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ at: '2026-05-01T10:01:00.000Z', title: 'Bash: npm test · 2.5 s', severity: 'resolved' });
    // Repeats change nothing.
    expect(s.send(pre, '2026-05-01T10:01:03.000Z')).toEqual([]);
    expect(s.send(post, '2026-05-01T10:01:04.000Z')).toEqual([]);
  });

  it('a failing tool is critical, with its error', () => {
    const s = session();
    s.send({ ...pre, tool_use_id: 't2' }, '2026-05-01T10:02:00.000Z');
    s.send({ ...pre, tool_use_id: 't2', hook_event_name: 'PostToolUseFailure', error: 'Exit code 1: 3 tests failed' }, '2026-05-01T10:02:01.000Z');
    const call = s.events().find((e) => e.id === 'tool-t2');
    expect(call).toMatchObject({ severity: 'critical', title: 'Bash: npm test · 1.0 s' });
    expect(call?.body).toContain('**Error**');
    expect(call?.body).toContain('3 tests failed');
  });

  it('truncates a huge response and says how much was cut', () => {
    const s = session();
    s.send({ ...post, tool_use_id: 'big', tool_response: 'x'.repeat(20_000) }, '2026-05-01T10:03:00.000Z');
    const body = s.events().find((e) => e.id === 'tool-big')?.body ?? '';
    expect(body.length).toBeLessThan(10_000);
    expect(body).toContain('… 12,000 more characters');
  });

  it('counts files touched once per call, relative to the session folder', () => {
    const s = session();
    const edit = { hook_event_name: 'PreToolUse', tool_name: 'Edit', tool_use_id: 'e1', tool_input: { file_path: '/home/me/shop/src/app.ts', old_string: 'a', new_string: 'b' } };
    s.send(edit, '2026-05-01T10:04:00.000Z');
    s.send({ ...edit, hook_event_name: 'PostToolUse', tool_response: { success: true } }, '2026-05-01T10:04:01.000Z');
    s.send({ ...edit, tool_use_id: 'e2' }, '2026-05-01T10:05:00.000Z');
    s.send({ hook_event_name: 'PostToolUse', tool_name: 'apply_patch', tool_use_id: 'p1', tool_input: { command: '*** Begin Patch\n*** Update File: src/app.ts\n*** Add File: README.md\n*** End Patch' } }, '2026-05-01T10:06:00.000Z');
    expect(s.json().sections.find((x) => x.id === 'files')).toMatchObject({ rows: [['src/app.ts', 'Edit', 2], ['src/app.ts', 'apply_patch', 1], ['README.md', 'apply_patch', 1]] });
    expect(s.events().find((e) => e.id === 'tool-e1')?.title).toBe('Edit: src/app.ts · 1.0 s');
  });

  it('lists prompts, titles the session after the first one, and follows the status', () => {
    const s = session();
    expect(s.json().meta).toMatchObject({ title: 'shop', status: 'running' });
    s.send({ hook_event_name: 'SessionStart', source: 'startup', model: 'claude-opus' }, '2026-05-01T10:00:01.000Z');
    expect(s.events().filter((e) => e.id === 'started')).toEqual([expect.objectContaining({ title: 'Session started', actor: 'Claude Code', body: 'in `/home/me/shop`, model claude-opus' })]);
    s.send({ hook_event_name: 'UserPromptSubmit', prompt: 'Fix the failing\ncheckout test' }, '2026-05-01T10:00:02.000Z');
    s.send({ hook_event_name: 'UserPromptSubmit', prompt: 'Now the README' }, '2026-05-01T10:09:00.000Z');
    expect(s.json().meta.title).toBe('Fix the failing checkout test');
    const prompts = s.json().sections.find((x) => x.id === 'prompts');
    expect(prompts).toMatchObject({ text: '**1.** 10:00 UTC\n\n> Fix the failing\n> checkout test\n\n**2.** 10:09 UTC\n\n> Now the README' });
    s.send({ hook_event_name: 'Notification', message: 'Claude needs your permission to use Bash' }, '2026-05-01T10:10:00.000Z');
    expect(s.json().meta.status).toBe('waiting for input');
    s.send({ hook_event_name: 'UserPromptSubmit', prompt: 'yes' }, '2026-05-01T10:11:00.000Z');
    expect(s.json().meta.status).toBe('running');
    s.send({ hook_event_name: 'Stop', stop_hook_active: false }, '2026-05-01T10:12:00.000Z');
    expect(s.json().meta.status).toBe('waiting for input');
    s.send({ hook_event_name: 'SessionEnd', reason: 'logout' }, '2026-05-01T10:13:00.000Z');
    expect(s.json().meta.status).toBe('done');
    expect(s.events().map((e) => e.title)).toEqual(['Session started', 'Claude needs your permission to use Bash', 'Finished responding', 'Session ended (logout)']);
  });

  it('records an unknown event generically instead of refusing it', () => {
    const s = session();
    s.send({ hook_event_name: 'TeammateIdle', teammate: 'reviewer', api_key: 'should-not-show' }, '2026-05-01T10:20:00.000Z');
    const event = s.events().find((e) => e.title === 'TeammateIdle');
    expect(event?.body).toContain('"teammate": "reviewer"');
    expect(event?.body).not.toContain('should-not-show');
  });

  it('puts back a section a person removed', () => {
    const s = session();
    const ops = hookEventOps(hookEventSchema.parse({ session_id: 's', ...pre }), { source: 'codex', at: '2026-05-01T10:00:00.000Z', current: { id: 'a', meta: { title: 't', kind: 'session' }, sections: [] } });
    expect(ops.map((op) => op.op)).toEqual(['meta.set', 'section.upsert', 'timeline.append']);
  });

  it('refuses an event without session_id or hook_event_name, and a tool event without tool_name', () => {
    expect(hookEventSchema.safeParse({ hook_event_name: 'Stop' }).success).toBe(false);
    expect(hookEventSchema.safeParse({ session_id: 's' }).success).toBe(false);
    expect(hookEventSchema.safeParse({ session_id: 's', hook_event_name: 'PreToolUse' }).success).toBe(false);
    expect(hookEventSchema.safeParse({ session_id: 's', hook_event_name: 'SomethingNew', extra: [1] }).success).toBe(true);
  });
});

describe('truncate', () => {
  it('cuts at a character or line limit, whichever comes first, and says how many characters are left out', () => {
    expect(truncate('abcdef', 4)).toBe('abcd\n… 2 more characters');
    expect(truncate('a\nb\nc\nd', 100, 2)).toBe('a\nb\n… 4 more characters');
    expect(truncate('a\nb', 100, 5)).toBe('a\nb');
    expect(truncate('x😀y', 2)).toBe('x\n… 3 more characters');
  });
});
