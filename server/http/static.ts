import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

/**
 * Headers for the app's own pages: scripts only from this origin; connections to it and to the
 * IdP (keycloak-js exchanges the code and refreshes tokens there); frames only from the
 * user-content origin (frozen versions).
 */
const appCsp = (usercontentOrigin: string, issuerOrigin: string) => [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  `connect-src 'self' ${issuerOrigin}`,
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  `frame-src ${usercontentOrigin}`,
].join('; ');

/** The built web client: hashed assets cached for good, every page route gets index.html. */
export function clientRoutes(distDir: string, usercontentOrigin: () => string, issuer: () => string): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', appCsp(usercontentOrigin(), new URL(issuer()).origin));
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  });
  app.use(
    '/assets/*',
    serveStatic({
      root: path.relative(process.cwd(), distDir),
      onFound: (_path, c) => c.header('Cache-Control', 'public, max-age=31536000, immutable'),
    }),
  );
  app.get('/assets/*', (c) => c.text('not found', 404));
  app.get('*', async (c) => {
    // Read per request (1 kB): a rebuild of the client never leaves pages pointing at old assets.
    let indexHtml: string;
    try {
      indexHtml = await readFile(path.join(distDir, 'index.html'), 'utf8');
    } catch {
      return c.text('The web client is not built. Run `npm run build` (npm ci does it for you) and reload.', 503);
    }
    c.header('Cache-Control', 'no-cache');
    return c.html(indexHtml);
  });
  return app;
}
