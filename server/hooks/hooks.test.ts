import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '#policies';
import type { ArtifactJSON, TimelineEvent } from '#shared';
import { api, startTestServer, tokensNamePeople } from '../test-server.ts';

/*
 * Recorded hook payloads of the documented schema (fixtures/) replayed against a real server
 * (PGlite, the real document host): the session artifact they build, pairing in either order,
 * failures, truncation, redaction down to the stored bytes, and who may write which session.
 */

const people: Record<string, Principal> = {
  alice: { userId: 'alice', name: 'alice', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  bob: { userId: 'bob', name: 'bob', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  vic: { userId: 'vic', name: 'vic', orgId: 'acme', roles: ['artifact-viewer'], groups: [] },
  audrey: { userId: 'audrey', name: 'audrey', orgId: 'acme', roles: ['auditor'], groups: [] },
};

type Event = Record<string, unknown>;
const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');
const events = (name: string) => JSON.parse(fixture(name)) as Event[];

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({}, { authenticator: tokensNamePeople(people) });
});
afterAll(async () => {
  await server?.dispose();
});

interface HookAnswer {
  artifactId: string;
  url: string;
  created: boolean;
  applied: number;
}

async function send(source: string, event: unknown, token = 'alice', at?: string): Promise<{ status: number; body: HookAnswer & { error?: { code: string; message: string } } }> {
  const response = await fetch(`${server.url}/api/hooks/${source}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(at ? { 'hook-event-at': at } : {}) },
    body: typeof event === 'string' ? event : JSON.stringify(event),
  });
  return { status: response.status, body: (await response.json()) as HookAnswer & { error?: { code: string; message: string } } };
}

async function artifact(id: string, token = 'alice'): Promise<ArtifactJSON> {
  const { status, body } = await api<ArtifactJSON>(server.url, 'GET', `/api/artifacts/${id}`, undefined, token);
  expect(status).toBe(200);
  return body;
}
const timeline = (a: ArtifactJSON) => (a.sections.find((s) => s.id === 'timeline') as { events: TimelineEvent[] }).events;
/** Times the agent's side read events (`Hook-Event-At`): a minute ago plus `n` seconds (the server believes times within a day). */
const BASE_MS = Math.floor(Date.now() / 1_000) * 1_000 - 60_000;
const second = (n: number) => new Date(BASE_MS + n * 1_000).toISOString();

describe('POST /api/hooks/claude-code', () => {
  it('turns a recorded Claude Code session into one session artifact', async () => {
    const recorded = events('claude-code-session.json');
    const answers: HookAnswer[] = [];
    for (const [i, event] of recorded.entries()) {
      // The Edit's Post (index 6) arrives before its Pre (index 7), which was read 2 s earlier.
      const at = i === 7 ? second(4) : second(i);
      const { status, body } = await send('claude-code', event, 'alice', at);
      expect(status, JSON.stringify(body)).toBe(i === 0 ? 201 : 200);
      answers.push(body);
    }
    const id = answers[0]?.artifactId as string;
    expect(new Set(answers.map((a) => a.artifactId))).toEqual(new Set([id]));
    expect(answers[0]?.url).toBe(`${server.url}/a/${id}`);

    const doc = await artifact(id);
    expect(doc.meta).toMatchObject({ title: 'The checkout test fails on CI. Find out why and fix it.', kind: 'session', status: 'done' });
    const byId = new Map(timeline(doc).map((e) => [e.id, e]));
    expect(byId.get('tool-toolu_01A')).toMatchObject({ title: 'Bash: npm test -- checkout · 1.0 s', severity: 'resolved', at: second(2) });
    expect(byId.get('tool-toolu_01C')).toMatchObject({ title: 'Edit: src/checkout.ts · 2.0 s', severity: 'resolved', at: second(4) });
    expect(byId.get('tool-toolu_01D')).toMatchObject({ title: 'Bash: npm run lint · 1.0 s', severity: 'critical' });
    expect(byId.get('tool-toolu_01D')?.body).toContain('Missing return type');
    expect(timeline(doc).filter((e) => e.id.startsWith('tool-'))).toHaveLength(4);
    expect(timeline(doc).map((e) => e.title)).toEqual(expect.arrayContaining(['Session started', 'Claude needs your permission to use Bash', 'Subagent finished: Explore', 'Compacting the context (auto)', 'Finished responding', 'Session ended (prompt_input_exit)']));
    // Time order, whatever the arrival order.
    const times = timeline(doc).map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(doc.sections.find((s) => s.id === 'files')).toMatchObject({ columns: ['path', 'tool', 'count'], rows: [['src/checkout.ts', 'Read', 1], ['src/checkout.ts', 'Edit', 1]] });
    expect(doc.sections.find((s) => s.id === 'prompts')).toMatchObject({ text: expect.stringContaining('> The checkout test fails on CI.') });
    // Private to its creator.
    expect((await api(server.url, 'GET', `/api/artifacts/${id}`, undefined, 'bob')).status).toBe(404);
  });

  it('keeps a huge response to a few thousand characters and says how much was cut', async () => {
    const huge = 'y'.repeat(300_000);
    const { body } = await send('claude-code', { session_id: 'huge', hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_use_id: 'h1', tool_input: { command: 'cat big.log' }, tool_response: { stdout: huge, stderr: '' } });
    const event = timeline(await artifact(body.artifactId)).find((e) => e.id === 'tool-h1');
    expect(event?.body?.length).toBeLessThan(10_000);
    expect(event?.body).toContain('… 292,000 more characters');
  });

  it('stores none of the secrets of a payload: not in the document, the update log, the state or the audit trail', async () => {
    const secrets = {
      JWT: ['eyJhbGciOiJSUzI1NiJ9', 'eyJzdWIiOiJhbGljZSJ9', 'c2lnbmF0dXJlcGFydA'].join('.'),
      COOKIE: 'c00kie-value-93481',
      GITHUB: `ghp_${'Zx81'.repeat(9)}`,
      OPENAI: `sk-proj-${'Qw7e'.repeat(8)}`,
      AWS_SECRET: 'wJalrXUtnFEMIbK7MDENGbPxRfiCYzEXAMPLEKEY',
      DBPASS: 'hunter2-db-pass',
      SLACK: `xoxb-${'2222222222'}-${'aBcDeFgHiJkL'}`,
      AWS: `AKIA${'Z7Y6X5W4V3U2T1S0'}`,
      PEM: `-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC${'Kq'.repeat(20)}\\n-----END PRIVATE KEY-----`,
      HEX: '0123456789abcdef'.repeat(3),
    };
    const payload = fixture('secrets.json').replace(/\{\{(\w+)\}\}/g, (_m, name: string) => secrets[name as keyof typeof secrets]);
    const { status, body } = await send('claude-code', payload);
    expect(status).toBe(201);
    const doc = JSON.stringify(await artifact(body.artifactId));
    expect(doc).toContain('gh release create');
    expect(doc).toContain('all done');
    expect(doc).toContain('[REDACTED]');
    const stored: Buffer[] = [
      ...(await server.store.db.query<{ data: Uint8Array }>('select data from updates where artifact_id = $1', [body.artifactId])).map((r) => Buffer.from(r.data)),
      ...(await server.store.db.query<{ data: Uint8Array }>('select data from state where artifact_id = $1', [body.artifactId])).map((r) => Buffer.from(r.data)),
      Buffer.from(JSON.stringify(await server.store.db.query('select * from audit_events'))),
      Buffer.from(JSON.stringify(await server.store.db.query('select * from artifacts where id = $1', [body.artifactId]))),
      Buffer.from(doc),
    ];
    expect(stored.length).toBeGreaterThan(3);
    const leaked = Object.entries(secrets).flatMap(([name, value]) => {
      const needle = name === 'PEM' ? 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC' : value;
      return stored.some((bytes) => bytes.includes(needle)) ? [name] : [];
    });
    expect(leaked).toEqual([]);
  });

  it('gives another session, another source and another user their own artifacts', async () => {
    const first = await send('claude-code', { session_id: 'shared-id', hook_event_name: 'UserPromptSubmit', prompt: 'alice prompt' });
    const again = await send('claude-code', { session_id: 'shared-id', hook_event_name: 'Stop' });
    const other = await send('claude-code', { session_id: 'other-id', hook_event_name: 'SessionStart', cwd: '/srv/api' });
    const codex = await send('codex', { session_id: 'shared-id', hook_event_name: 'SessionStart' });
    const bobs = await send('claude-code', { session_id: 'shared-id', hook_event_name: 'UserPromptSubmit', prompt: 'bob prompt' }, 'bob');
    expect([first.status, again.status, other.status, codex.status, bobs.status]).toEqual([201, 200, 201, 201, 201]);
    expect(again.body.artifactId).toBe(first.body.artifactId);
    const ids = [first, other, codex, bobs].map((a) => a.body.artifactId);
    expect(new Set(ids).size).toBe(4);
    expect((await artifact(other.body.artifactId)).meta.title).toBe('api');
    // Bob's event went to his artifact only; alice's does not hold his prompt.
    expect(JSON.stringify(await artifact(first.body.artifactId))).not.toContain('bob prompt');
    expect(JSON.stringify(await artifact(bobs.body.artifactId, 'bob'))).toContain('bob prompt');
  });

  it('replays a recorded Codex session through /api/hooks/codex', async () => {
    let id = '';
    for (const [i, event] of events('codex-session.json').entries()) {
      const { status, body } = await send('codex', event, 'alice', second(i));
      expect(status, JSON.stringify(body)).toBe(i === 0 ? 201 : 200);
      id = body.artifactId;
    }
    const doc = await artifact(id);
    expect(doc.meta).toMatchObject({ title: 'Add a health endpoint', status: 'waiting for input' });
    expect(timeline(doc).find((e) => e.id === 'tool-call_2')).toMatchObject({ title: 'apply_patch: src/app.ts · 1.0 s', severity: 'resolved', actor: 'Codex' });
    expect(timeline(doc).map((e) => e.title)).toContain('Permission requested: Bash: npm publish');
    expect(doc.sections.find((s) => s.id === 'files')).toMatchObject({ rows: [['src/app.ts', 'apply_patch', 1]] });
  });

  it('refuses a viewer, bad JSON, a missing session_id or event name, and an unknown source', async () => {
    const viewer = await send('claude-code', { session_id: 'v', hook_event_name: 'Stop' }, 'vic');
    expect([viewer.status, viewer.body.error?.code]).toEqual([403, 'forbidden']);
    const broken = await send('claude-code', '{"session_id": ');
    expect([broken.status, broken.body.error?.code]).toEqual([400, 'invalid_json']);
    const noSession = await send('claude-code', { hook_event_name: 'Stop' });
    expect([noSession.status, noSession.body.error?.code, noSession.body.error?.message]).toEqual([400, 'invalid_request', expect.stringContaining('session_id')]);
    const noName = await send('claude-code', { session_id: 's' });
    expect([noName.status, noName.body.error?.code]).toEqual([400, 'invalid_request']);
    const noTool = await send('claude-code', { session_id: 's', hook_event_name: 'PreToolUse' });
    expect([noTool.status, noTool.body.error?.message]).toEqual([400, expect.stringContaining('tool_name')]);
    expect((await send('cursor', { session_id: 's', hook_event_name: 'Stop' })).status).toBe(404);
    expect((await send('claude-code', { session_id: 's', hook_event_name: 'Stop' }, 'nobody')).status).toBe(401);
  });

  it('forgets the session when its artifact is deleted: the next event starts a new one', async () => {
    const first = await send('claude-code', { session_id: 'deleted', hook_event_name: 'SessionStart' });
    const count = async () => (await server.store.db.query('select 1 from hook_sessions where session_id = $1', ['deleted'])).length;
    expect(await count()).toBe(1);
    expect((await api(server.url, 'DELETE', `/api/artifacts/${first.body.artifactId}`, undefined, 'alice')).status).toBe(204);
    expect(await count()).toBe(0);
    const next = await send('claude-code', { session_id: 'deleted', hook_event_name: 'Stop' });
    expect(next.status).toBe(201);
    expect(next.body.artifactId).not.toBe(first.body.artifactId);
    // The compliance API's hard delete takes the row along too.
    expect((await api(server.url, 'DELETE', `/api/compliance/artifacts/${next.body.artifactId}`, undefined, 'audrey')).status).toBe(204);
    expect(await count()).toBe(0);
  });

  it('answers events of one session sent all at once with one artifact and every tool call paired', async () => {
    const calls = Array.from({ length: 8 }, (_, i) => i);
    const sent = await Promise.all(
      calls.flatMap((i) => [
        send('claude-code', { session_id: 'burst', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_use_id: `b${i}`, tool_input: { command: `echo ${i}` } }, 'alice', second(i * 2)),
        send('claude-code', { session_id: 'burst', hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_use_id: `b${i}`, tool_input: { command: `echo ${i}` }, tool_response: { stdout: `${i}`, stderr: '' } }, 'alice', second(i * 2 + 1)),
      ]),
    );
    expect(new Set(sent.map((s) => s.body.artifactId)).size).toBe(1);
    expect(sent.filter((s) => s.status === 201)).toHaveLength(1);
    const tools = timeline(await artifact(sent[0]?.body.artifactId as string)).filter((e) => e.id.startsWith('tool-b'));
    expect(tools.map((e) => [e.id, e.severity, e.title])).toEqual(calls.map((i) => [`tool-b${i}`, 'resolved', `Bash: echo ${i} · 1.0 s`]));
  });
});
