import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { findSection } from '#shared';
import { startOtlpCollector, type CollectedPoint, type CollectedSpan, type OtlpCollector } from '../../e2e/support/otlp-collector.ts';
import { startServerProcess, type ServerProcess } from '../../e2e/support/server-process.ts';
import { api, connectViewer, eventually } from '../test-server.ts';
import { defaultServiceName, telemetryRequested } from './config.ts';
import { pathAndScheme } from './http.ts';

/*
 * Telemetry of the real server process, exported over OTLP/HTTP (JSON) to an endpoint this test
 * serves: the spans and their parent links, the metrics, that nothing content-like, no token
 * and no e-mail address ever leaves, that shutdown flushes, and that without OTEL_* the SDK is
 * not even loaded.
 */
const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

/** Preloads e2e/support/module-log.mjs: the server writes every @opentelemetry module it loads to `file`. */
function moduleLogEnv(file: string): Record<string, string> {
  const hook = pathToFileURL(path.resolve(import.meta.dirname, '../../e2e/support/module-log.mjs')).href;
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${hook}`.trim(), MODULE_LOG_FILE: file, MODULE_LOG_MATCH: '/node_modules/@opentelemetry/' };
}

function scratchFile(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'la-otel-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, name);
}

const loaded = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

async function collector(): Promise<OtlpCollector> {
  const c = await startOtlpCollector({ keep: true });
  cleanup.push(() => c.close());
  return c;
}

async function serverExportingTo(c: OtlpCollector, env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await startServerProcess({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: c.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '100', OTEL_METRIC_EXPORT_INTERVAL: '500', ...env } });
  cleanup.push(() => server.dispose());
  return server;
}

const one = (spans: CollectedSpan[], what: string, match: (s: CollectedSpan) => boolean): CollectedSpan => {
  const found = spans.filter(match);
  expect(found, what).toHaveLength(1);
  return found[0] as CollectedSpan;
};
/** Cumulative temporality: the newest point of a series is its total, the largest one will do. */
const most = (points: CollectedPoint[], field: 'value' | 'count') => Math.max(0, ...points.map((p) => p[field]));

describe('telemetry of the real server over OTLP/HTTP', () => {
  it('traces routes, op batches, socket auth, loads and publishes, measures the edit path, and never exports content, tokens or e-mail addresses', async () => {
    const otlp = await collector();
    const moduleLog = scratchFile('modules.txt');
    // The create and the op batch make two log entries: enough for a compaction.
    const server = await serverExportingTo(otlp, { COMPACT_AFTER_UPDATES: '2', ...moduleLogEnv(moduleLog) });
    const token = await server.token('alice');
    // In the title, the content, a socket edit, a publish message and a search query.
    const marker = `zq${randomUUID().replaceAll('-', '')}`;

    const created = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: `Title ${marker}` }, token);
    expect(created.status).toBe(201);
    const id = created.body.id;
    const ops = await api(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 'md', type: 'markdown', text: `Body ${marker}` } }] }, token);
    expect(ops.status).toBe(200);
    expect((await api(server.url, 'GET', `/api/artifacts?q=${marker}`, undefined, token)).status).toBe(200);
    expect((await api(server.url, 'GET', `/api/artifacts?q=${marker}`, undefined, `${marker}.not.a.token`)).status).toBe(401);

    const editor = connectViewer(server.url, id, token);
    const viewer = connectViewer(server.url, id, token);
    cleanup.push(() => editor.close(), () => viewer.close());
    await Promise.all([editor.synced, viewer.synced]);
    (findSection(editor.doc, 'md')?.get('text') as Y.Text).insert(0, `typed ${marker} `);
    await eventually(() => expect((findSection(viewer.doc, 'md')?.get('text') as Y.Text | undefined)?.toString()).toContain(`typed ${marker}`), 10_000);
    const published = await api<{ version: number }>(server.url, 'POST', `/api/artifacts/${id}/versions`, { message: `Message ${marker}` }, token);
    expect(published.status).toBe(201);

    // Spans: every kind, parent links, ids, counts and outcomes.
    let spans: CollectedSpan[] = [];
    await eventually(() => {
      spans = otlp.spans();
      for (const name of ['op_batch', 'validate', 'apply', 'commit', 'socket.authenticate', 'document.load', 'document.compact', 'version.publish', 'version.render', 'POST /api/artifacts/:id/ops']) {
        expect(spans.map((s) => s.name), name).toContain(name);
      }
    }, 15_000);
    const route = one(spans, 'the ops route', (s) => s.name === 'POST /api/artifacts/:id/ops');
    expect(route.scope).toBe('@hono/otel');
    expect(route.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.route': '/api/artifacts/:id/ops', 'http.response.status_code': 200, 'url.path': `/api/artifacts/${id}/ops`, 'url.scheme': 'http' });
    expect(route.attributes).not.toHaveProperty('url.full');
    const batch = one(spans, 'the op batch of the ops route', (s) => s.name === 'op_batch' && s.parentSpanId === route.spanId);
    expect(batch.traceId).toBe(route.traceId);
    expect(batch.attributes).toMatchObject({ 'live_artifacts.artifact.id': id, 'live_artifacts.org.id': 'acme', 'live_artifacts.op_batch.ops': 1, 'live_artifacts.outcome': 'ok' });
    expect(batch.attributes['live_artifacts.update.size']).toBeGreaterThan(0);
    const children = spans.filter((s) => s.parentSpanId === batch.spanId).map((s) => s.name);
    expect(children.sort()).toEqual(['apply', 'commit', 'validate']);

    const refused = one(spans, 'the refused request', (s) => s.attributes['http.response.status_code'] === 401);
    const exception = refused.events.find((e) => e.name === 'exception');
    expect(exception?.attributes['exception.type']).toBe('unauthorized');
    expect(exception?.attributes).not.toHaveProperty('exception.message');
    expect(exception?.attributes).not.toHaveProperty('exception.stacktrace');
    expect(refused.status.code ?? 0).toBe(0); // the client's fault: not an error of the server's

    const auths = spans.filter((s) => s.name === 'socket.authenticate');
    expect(auths).toHaveLength(2);
    for (const auth of auths) expect(auth.attributes).toMatchObject({ 'live_artifacts.artifact.id': id, 'live_artifacts.org.id': 'acme', 'live_artifacts.socket.read_only': false, 'live_artifacts.outcome': 'ok' });
    const load = spans.find((s) => s.name === 'document.load' && s.attributes['live_artifacts.artifact.id'] === id);
    expect(load?.attributes).toMatchObject({ 'live_artifacts.outcome': 'ok', 'live_artifacts.document.log_updates': 0 });
    const compaction = spans.find((s) => s.name === 'document.compact' && s.attributes['live_artifacts.artifact.id'] === id);
    expect(compaction?.parentSpanId).toBeUndefined(); // its own trace, not a child of the batch that set it off
    expect(compaction?.attributes).toMatchObject({ 'live_artifacts.outcome': 'ok' });
    expect(compaction?.attributes['live_artifacts.compaction.folded']).toBeGreaterThanOrEqual(2);
    const publish = one(spans, 'the publish', (s) => s.name === 'version.publish');
    expect(publish.attributes).toMatchObject({ 'live_artifacts.artifact.id': id, 'live_artifacts.version.number': published.body.version, 'live_artifacts.version.unchanged': false, 'live_artifacts.outcome': 'ok' });
    expect(spans.find((s) => s.spanId === publish.parentSpanId)?.name).toBe('POST /api/artifacts/:id/versions');
    const render = one(spans, 'the render', (s) => s.name === 'version.render');
    expect(render.parentSpanId).toBe(publish.spanId);
    expect(render.attributes['live_artifacts.version.html.size']).toBe(publish.attributes['live_artifacts.version.html.size']);

    // Metrics, with values this run must have produced (the gauges while both sockets are open).
    await eventually(() => {
      expect(most(otlp.points('live_artifacts.op_batch.size'), 'count')).toBeGreaterThanOrEqual(2); // create + ops
      const commits = otlp.points('live_artifacts.op_batch.commit.duration');
      expect(commits[0]?.unit).toBe('s');
      expect(most(commits, 'count')).toBeGreaterThanOrEqual(2);
      expect(most(otlp.points('live_artifacts.group_commit.size'), 'count')).toBeGreaterThanOrEqual(1);
      const socketEdits = otlp.points('live_artifacts.edit.broadcast.duration').filter((p) => p.attributes['live_artifacts.edit.via'] === 'socket');
      expect(most(socketEdits, 'count')).toBeGreaterThanOrEqual(1);
      expect(most(otlp.points('live_artifacts.broadcast.deliveries'), 'value')).toBeGreaterThanOrEqual(2);
      expect(most(otlp.points('live_artifacts.sockets.open'), 'value')).toBeGreaterThanOrEqual(2);
      expect(most(otlp.points('live_artifacts.documents.loaded'), 'value')).toBeGreaterThanOrEqual(1);
      const refusals = otlp.points('live_artifacts.refusals').filter((p) => p.attributes['live_artifacts.refusal.reason'] === 'unauthorized' && p.attributes['live_artifacts.refusal.via'] === 'http');
      expect(most(refusals, 'value')).toBeGreaterThanOrEqual(1);
      const audited = new Set(otlp.points('live_artifacts.audit.events').map((p) => p.attributes['live_artifacts.audit.action']));
      for (const action of ['created', 'edited', 'viewed', 'published']) expect(audited, action).toContain(action);
      const requests = otlp.points('http.server.request.duration').filter((p) => p.attributes['http.route'] === '/api/artifacts/:id/ops');
      expect(requests[0]?.unit).toBe('s');
      expect(most(requests, 'count')).toBeGreaterThanOrEqual(1);
    }, 15_000);
    const commitPoints = otlp.points('live_artifacts.op_batch.commit.duration');
    const newest = commitPoints[commitPoints.length - 1] as CollectedPoint;
    expect(newest.value / newest.count).toBeLessThan(5); // seconds, not milliseconds

    editor.close();
    viewer.close();
    await server.stop();
    expect(loaded(moduleLog).some((url) => url.includes('/@opentelemetry/sdk-node/'))).toBe(true);
    const email = 'alice@acme.test';
    const signature = token.split('.')[2] as string;
    expect(otlp.bodies.length).toBeGreaterThan(0);
    for (const body of otlp.bodies) {
      expect(body).not.toContain(marker);
      expect(body).not.toContain(signature);
      expect(body).not.toContain(email);
      expect(body).not.toContain('Bearer');
    }
  }, 90_000);

  it('flushes what it holds at shutdown (nothing would be sent before it here)', async () => {
    const otlp = await collector();
    const server = await serverExportingTo(otlp, { OTEL_BSP_SCHEDULE_DELAY: '600000', OTEL_METRIC_EXPORT_INTERVAL: '600000' });
    expect((await api(server.url, 'GET', '/healthz')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(otlp.requests.get('/v1/traces') ?? 0).toBe(0);
    await server.stop();
    expect(otlp.spans().map((s) => s.name)).toContain('GET /healthz');
    expect(otlp.points('http.server.request.duration').some((p) => p.attributes['http.route'] === '/healthz')).toBe(true);
  }, 60_000);

  it('does not even load the SDK without OTEL_* variables', async () => {
    const moduleLog = scratchFile('modules.txt');
    const off = { OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '', OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: '', OTEL_TRACES_EXPORTER: '', OTEL_METRICS_EXPORTER: '' };
    const server = await startServerProcess({ env: { ...off, ...moduleLogEnv(moduleLog) } });
    cleanup.push(() => server.dispose());
    expect((await api(server.url, 'GET', '/healthz')).status).toBe(200);
    const listening = JSON.parse(server.logs.find((line) => line.includes('live artifacts listening')) as string) as { telemetry: string };
    expect(listening.telemetry).toBe('off');
    await server.stop();
    const modules = loaded(moduleLog);
    // The hook did run (the API is always there)...
    expect(modules.some((url) => url.includes('/@opentelemetry/api/'))).toBe(true);
    // ...and nothing of the SDK, no exporter, no SDK-side instrumentation came with it.
    expect(modules.filter((url) => /\/@opentelemetry\/(sdk-|exporter-|otlp-|instrumentation|resources)/.test(url))).toEqual([]);
  }, 60_000);
});

describe('telemetry settings', () => {
  it('asks for the SDK only for an endpoint or an exporter other than none', () => {
    expect(telemetryRequested({})).toBe(false);
    expect(telemetryRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBe(false);
    expect(telemetryRequested({ OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' })).toBe(false);
    expect(telemetryRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(telemetryRequested({ OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://collector:4318/v1/metrics' })).toBe(true);
    expect(telemetryRequested({ OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'prometheus' })).toBe(true);
    expect(telemetryRequested({ OTEL_TRACES_EXPORTER: 'console' })).toBe(true);
    expect(telemetryRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
  });

  it('names the service live-artifacts unless the environment names it', () => {
    expect(defaultServiceName({})).toBe('live-artifacts');
    expect(defaultServiceName({ OTEL_SERVICE_NAME: 'artifacts-eu' })).toBeUndefined();
    expect(defaultServiceName({ OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod,service.name=artifacts-eu' })).toBeUndefined();
    expect(defaultServiceName({ OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod' })).toBe('live-artifacts');
  });

  it('lets application code use @opentelemetry/api alone; only sdk.ts names the SDK', () => {
    const serverDir = path.resolve(import.meta.dirname, '..');
    const files = (readdirSync(serverDir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const imports = files.flatMap((file) =>
      [...readFileSync(path.join(serverDir, file), 'utf8').matchAll(/from '(@opentelemetry\/[^']+|@hono\/otel)'/g)].map((m) => `${file.replaceAll(path.sep, '/')}: ${m[1]}`),
    );
    expect(imports.filter((line) => !/: (@opentelemetry\/api|@hono\/otel)$/.test(line))).toEqual(['telemetry/sdk.ts: @opentelemetry/sdk-node']);
  });

  it('keeps only the path and scheme of a request URL', () => {
    expect(pathAndScheme('http://127.0.0.1:8080/api/artifacts?q=secret#x')).toEqual({ path: '/api/artifacts', scheme: 'http' });
    expect(pathAndScheme('https://usercontent.example/v/abc/2?exp=1&sig=deadbeef')).toEqual({ path: '/v/abc/2', scheme: 'https' });
    expect(pathAndScheme('https://example.org')).toEqual({ path: '/', scheme: 'https' });
    expect(pathAndScheme('https://example.org?q=/x')).toEqual({ path: '/', scheme: 'https' });
  });
});
