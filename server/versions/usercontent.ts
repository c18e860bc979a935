import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { parseArtifactId } from '#shared';
import type { Logger } from '../log.ts';
import type { VersionStore } from '../store/index.ts';
import { httpTelemetry } from '../telemetry/http.ts';
import { frozenCspHeader } from './frozen-html.ts';
import type { LinkSigner } from './signed-link.ts';

/**
 * The separate origin that serves frozen versions. It has no cookies, no scripts and no API:
 * only signed links to one version each, with the strictest headers. The stored sha256 is
 * checked on every response, so a changed byte is never served.
 */
export function usercontentApp(deps: { versions: VersionStore; signer: LinkSigner; appOrigin: () => string; logger: Logger }): Hono {
  const app = new Hono();
  // Signed links carry their signature in the query: the middleware records the path only.
  app.use('*', httpTelemetry());
  const refuse = (status: 403 | 404 | 500, text: string) =>
    new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' } });

  app.get('/v/:id/:version', async (c) => {
    const id = parseArtifactId(c.req.param('id'));
    const version = Number(c.req.param('version'));
    if (!id || !Number.isInteger(version) || version < 1) return refuse(404, 'not found');
    if (!deps.signer.verify(id, version, c.req.query('exp'), c.req.query('sig'), Date.now())) {
      return refuse(403, 'This link has expired or is not valid. Open the version again from the app.');
    }
    const stored = await deps.versions.html(id, version);
    if (!stored) return refuse(404, 'not found');
    const actual = createHash('sha256').update(stored.html).digest('hex');
    if (actual !== stored.sha256) {
      deps.logger.error({ artifactId: id, version, expected: stored.sha256, actual }, 'stored version failed its sha256 check; not served');
      return refuse(500, 'This version failed its integrity check and is not served.');
    }
    return new Response(new Uint8Array(stored.html), {
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': frozenCspHeader(deps.appOrigin()),
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'private, max-age=300',
        ETag: `"${stored.sha256}"`,
      },
    });
  });
  app.all('*', () => refuse(404, 'not found'));
  return app;
}
