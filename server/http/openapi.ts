import { COMMENT_ROUTES } from './openapi-comments.ts';
import { GOVERNANCE_ROUTES } from './openapi-compliance.ts';
import { componentSchemas, operation, type Schema } from './openapi-parts.ts';
import { ARTIFACT_ROUTES } from './openapi-routes.ts';
import { WEBHOOK_ROUTES } from './openapi-webhooks.ts';

/*
 * The OpenAPI 3.1 document of the whole HTTP API, served at GET /api/openapi.json. Response
 * schemas are the zod schemas of shared/api and request bodies the ones the routes validate
 * with (both by z.toJSONSchema), so they cannot drift; http/openapi.test.ts fails when a route
 * registered in the app is missing here, and http/api-schemas.test.ts when a real answer does
 * not parse with the schema named for it.
 */

let cached: Schema | undefined;

/** The document (built once: it describes code, which does not change while the server runs). */
export function openApiDocument(): Schema {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'Live Artifacts API',
      version: '0.1.0',
      description: 'Self-hosted live Yjs artifacts: agents edit through ops, viewers watch live, versions are frozen and audited. Errors are `{"error":{"code","message",...}}` with stable codes (the `Error` schema lists them).',
    },
    security: [{ bearer: [] }],
    paths: Object.fromEntries(Object.entries({ ...ARTIFACT_ROUTES, ...GOVERNANCE_ROUTES, ...WEBHOOK_ROUTES, ...COMMENT_ROUTES }).map(([path, methods]) => [path, Object.fromEntries(Object.entries(methods).map(([m, op]) => [m, operation(op)]))])),
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token of the configured IdP (Keycloak or the embedded one)' } },
      schemas: componentSchemas(),
    },
  };
  return cached;
}

/** `/api/artifacts/:id/versions/:n` (hono) → `/api/artifacts/{id}/versions/{n}` (OpenAPI). */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
