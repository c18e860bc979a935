import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { createHttpApp, type HttpDeps } from './index.ts';
import { openApiDocument, openApiPath } from './openapi.ts';

/**
 * Dependencies that only have to exist while routes are registered: any property is another
 * stub and any call returns one, so new dependencies never break this test.
 */
function stub(): unknown {
  const target = () => undefined;
  return new Proxy(target, { get: (_t, key) => (key === 'then' ? undefined : stub()), apply: () => stub() });
}

describe('GET /api/openapi.json', () => {
  const app = createHttpApp(new Proxy({}, { get: (_t, key) => (key === 'config' ? loadConfig({}) : stub()) }) as HttpDeps);
  const documented = openApiDocument().paths as Record<string, Record<string, unknown>>;
  /** Registered routes (handlers, not middleware) the document must describe: the API and health. */
  const registered = app.routes
    .filter((r) => r.method !== 'ALL' && (r.path.startsWith('/api/') || r.path === '/healthz' || r.path === '/readyz'))
    .map((r) => ({ method: r.method.toLowerCase(), path: openApiPath(r.path) }));

  it('describes every route registered in the app', () => {
    const missing = registered.filter((r) => !documented[r.path]?.[r.method]).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(missing).toEqual([]);
    expect(registered.length).toBeGreaterThan(30);
  });

  it('describes no route the app does not have', () => {
    const known = new Set(registered.map((r) => `${r.method} ${r.path}`));
    const extra = Object.entries(documented).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`)).filter((k) => !known.has(k));
    expect(extra).toEqual([]);
  });

  it('is served without a token, as OpenAPI 3.1 with request schemas from the zod schemas', async () => {
    const res = await app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>> };
    expect(doc.openapi).toBe('3.1.0');
    const sharing = doc.paths['/api/artifacts/{id}/sharing']?.put?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(sharing?.properties ?? {})).toEqual(['visibility', 'users', 'groups', 'editors']);
    const ops = doc.paths['/api/artifacts/{id}/ops']?.post?.requestBody?.content['application/json']?.schema;
    expect(JSON.stringify(ops)).toContain('timeline.append');
  });
});
