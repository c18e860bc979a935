import { z } from 'zod';
import { opSchema } from '#shared/ops';
import { AUDIT_ACTIONS } from '../audit/index.ts';
import { createSchema } from './artifacts.ts';
import { artifactQuerySchema, eventQuerySchema, MAX_PAGE } from './compliance.ts';
import { sharingSchema } from './sharing.ts';
import { publishSchema, settingsSchema } from './versions.ts';

/*
 * The OpenAPI 3.1 document of the whole HTTP API, served at GET /api/openapi.json. Request
 * bodies come from the very zod schemas the routes validate with (z.toJSONSchema), so they
 * cannot drift; http/openapi.test.ts fails when a route registered in the app is missing here.
 */

type Schema = Record<string, unknown>;
type Method = 'get' | 'post' | 'put' | 'delete';

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output' = 'input'): Schema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Schema;
  return rest;
};

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema) => ({ 'application/json': { schema } });
const ok = (description: string, schema: Schema = { type: 'object' }) => ({ description, content: json(schema) });
const err = (description: string) => ({ description, content: json(ref('Error')) });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'Artifact id' };
const nParam = { name: 'n', in: 'path', required: true, schema: { type: 'integer', minimum: 1 }, description: 'Version number' };
/** Writes that may be retried safely: the first outcome of a key is answered again for 24 hours. */
const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
  description:
    'Any unique string per write (e.g. a UUID), reused on every retry of the same request. A retry within 24 h answers the first outcome (header `Idempotent-Replayed: true`) and applies nothing twice; the same key with another request is 409 `idempotency_key_reused`; while the first is still committing, 409 `idempotency_key_in_progress` (retry).',
};
const retryable = {
  '409': err('`idempotency_key_reused`, or `idempotency_key_in_progress` (retry shortly)'),
  '503': err('Not stored (`unavailable`; `error.stored` is false, or "unknown" when storage could not tell: retry with the same Idempotency-Key); nothing was shown to viewers'),
};
const notReady = { '503': err('`starting` or `stopping` (every route answers this while the server is not ready)') };
const html = { description: 'The frozen, self-contained HTML (strict CSP headers, served as a download)', content: { 'text/html': { schema: { type: 'string' } } } };

/** Query parameters from a zod object schema of the query string. */
function queryParams(schema: z.ZodObject): Schema[] {
  const object = jsonSchema(schema) as { properties?: Record<string, Schema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: (object.required ?? []).includes(name), schema: s }));
}

interface Op {
  summary: string;
  tags: string[];
  auth?: false;
  params?: Schema[];
  body?: Schema;
  responses: Record<string, unknown>;
}

const common = { '401': err('Missing, expired or invalid token'), '403': err('Not allowed'), '404': err('No such artifact (or not visible to the caller)') };

function operation(op: Op): Schema {
  return {
    summary: op.summary,
    tags: op.tags,
    ...(op.auth === false ? { security: [] } : {}),
    ...(op.params?.length ? { parameters: op.params } : {}),
    ...(op.body ? { requestBody: { required: true, content: json(op.body) } } : {}),
    responses: op.auth === false ? op.responses : { ...common, ...op.responses },
  };
}

const A = ['Artifacts'];
const V = ['Versions'];
const S = ['Sharing'];
const I = ['Identity'];
const C = ['Compliance'];
const G = ['Governance'];
const P = ['Public'];

/** Every route: OpenAPI path → method → operation. */
const ROUTES: Record<string, Partial<Record<Method, Op>>> = {
  '/healthz': { get: { summary: 'Liveness: 200 once every part a request needs has started', tags: P, auth: false, responses: { '200': ok('Healthy', { type: 'object', properties: { ok: { const: true } } }), ...notReady } } },
  '/readyz': {
    get: { summary: 'Readiness for a load balancer: 200 when a request would succeed (storage answers)', tags: P, auth: false, responses: { '200': ok('Ready', { type: 'object', properties: { ok: { const: true } } }), '503': err('`starting`, `stopping`, or `unavailable` (storage does not answer)') } },
  },
  '/api/config': { get: { summary: 'Public settings a client needs before signing in', tags: P, auth: false, responses: { '200': ok('Settings', ref('PublicConfig')) } } },
  '/api/openapi.json': { get: { summary: 'This document', tags: P, auth: false, responses: { '200': ok('OpenAPI 3.1 document') } } },
  '/api/me': { get: { summary: 'The caller, as the token says', tags: I, responses: { '200': ok('Caller', ref('Me')) } } },
  '/api/directory': {
    get: { summary: "People and groups of the caller's org (share dialog)", tags: I, params: [{ name: 'q', in: 'query', required: false, schema: { type: 'string', maxLength: 200 } }], responses: { '200': ok('Directory') } },
  },
  '/api/artifacts': {
    post: { summary: 'Create an artifact (private to its creator)', tags: A, body: jsonSchema(createSchema), responses: { '201': ok('Created', { type: 'object', properties: { id: { type: 'string' }, url: { type: 'string' } } }), '400': err('Invalid body') } },
    get: {
      summary: 'Artifacts the caller may see',
      tags: A,
      params: [{ name: 'q', in: 'query', required: false, schema: { type: 'string' } }, { name: 'kind', in: 'query', required: false, schema: { type: 'string' } }],
      responses: { '200': ok('List', { type: 'object', properties: { artifacts: { type: 'array', items: ref('ArtifactSummary') } } }) },
    },
  },
  '/api/artifacts/{id}': {
    get: { summary: 'The live state as JSON (audited as viewed)', tags: A, params: [idParam], responses: { '200': ok('Artifact JSON'), '403': err('Pinned: viewers see a version (code `pinned`)') } },
    delete: { summary: 'Hard delete (owner); audited', tags: A, params: [idParam], responses: { '204': { description: 'Deleted' }, '409': err('Under legal hold (`legal_hold`; the attempt is audited)') } },
  },
  '/api/artifacts/{id}/summary': { get: { summary: 'One list row without loading the document', tags: A, params: [idParam], responses: { '200': ok('Summary', ref('ArtifactSummary')) } } },
  '/api/artifacts/{id}/ops': {
    post: {
      summary: 'Apply an op batch, all or nothing; answered after it is durably committed',
      tags: A,
      params: [idParam, idempotencyKey],
      body: jsonSchema(z.strictObject({ ops: z.array(opSchema) })),
      responses: {
        '200': ok('Applied', { type: 'object', properties: { applied: { type: 'integer' } } }),
        '400': err('Invalid batch (`error.opIndex` names the op); nothing applied'),
        '413': err('`artifact_too_large`: the live document would grow past MAX_ARTIFACT_BYTES; nothing applied'),
        ...retryable,
      },
    },
  },
  '/api/artifacts/{id}/versions': {
    post: {
      summary: 'Publish the live document as a new immutable version (200 with the latest one, `unchanged: true`, when nothing changed since it)',
      tags: V,
      params: [idParam, idempotencyKey],
      body: jsonSchema(publishSchema),
      responses: { '201': ok('Published', ref('Published')), '200': ok('Unchanged since the latest version', ref('Published')), '413': err('Frozen page over 16 MiB'), ...retryable },
    },
    get: { summary: 'Versions, newest first', tags: V, params: [idParam], responses: { '200': ok('Versions', { type: 'object', properties: { versions: { type: 'array', items: ref('VersionInfo') } } }) } },
  },
  '/api/artifacts/{id}/versions/{n}': { get: { summary: 'The frozen JSON of a version (audited as viewed)', tags: V, params: [idParam, nParam], responses: { '200': ok('Artifact JSON') } } },
  '/api/artifacts/{id}/versions/{n}/html': { get: { summary: 'The frozen HTML of a version (audited as viewed)', tags: V, params: [idParam, nParam], responses: { '200': html } } },
  '/api/artifacts/{id}/versions/{n}/link': {
    get: { summary: 'A signed 5-minute link to the version on the user-content origin (audited as viewed)', tags: V, params: [idParam, nParam], responses: { '200': ok('Link', { type: 'object', properties: { url: { type: 'string' }, expiresAt: { type: 'integer' } } }) } },
  },
  '/api/artifacts/{id}/versions/{n}/restore': {
    post: {
      summary: 'Make the live document equal to version n, in one transaction: unpublished live work is first frozen as a version of its own (`preservedVersion`), then the result is recorded as a new version (200 `unchanged` when it equals the latest)',
      tags: V,
      params: [idParam, nParam, idempotencyKey],
      responses: { '201': ok('Restored', ref('Published')), '200': ok('Already the latest version', ref('Published')), ...retryable },
    },
  },
  '/api/artifacts/{id}/diff': {
    get: {
      summary: 'Section-level diff of two versions (or `live`)',
      tags: V,
      params: [idParam, { name: 'from', in: 'query', required: true, schema: { type: 'string' } }, { name: 'to', in: 'query', required: true, schema: { type: 'string' } }],
      responses: { '200': ok('Diff'), '400': err('Bad side'), '403': err('`pinned`: readers of a pinned artifact may not diff against the live document') },
    },
  },
  '/api/artifacts/{id}/settings': {
    get: { summary: 'What viewers see (live or a pinned version)', tags: V, params: [idParam], responses: { '200': ok('Settings', jsonSchema(settingsSchema, 'output')) } },
    put: { summary: 'Set what viewers see', tags: V, params: [idParam], body: jsonSchema(settingsSchema), responses: { '200': ok('Settings', jsonSchema(settingsSchema, 'output')), '400': err('Unknown version') } },
  },
  '/api/artifacts/{id}/sharing': {
    get: { summary: 'Who the artifact is shared with (owner only)', tags: S, params: [idParam], responses: { '200': ok('Sharing', ref('Sharing')) } },
    put: { summary: 'Share: private, whole org, or named people and groups of the org (audited)', tags: S, params: [idParam], body: jsonSchema(sharingSchema), responses: { '200': ok('Sharing', ref('Sharing')), '400': err('Invalid body') } },
  },
  '/api/artifacts/{id}/legal-hold': {
    put: {
      summary: 'Place or lift legal hold (org admins and auditors); held artifacts are never deleted by retention',
      tags: G,
      params: [idParam],
      body: { type: 'object', properties: { hold: { type: 'boolean' } }, required: ['hold'], additionalProperties: false },
      responses: { '200': ok('Hold state') },
    },
  },
  '/api/admin/policy': {
    get: { summary: "The org's policy (org-admin)", tags: G, responses: { '200': ok('Policy', ref('OrgPolicyRecord')) } },
    put: { summary: "Replace the org's policy (org-admin); audited as policy-changed", tags: G, body: ref('OrgPolicy'), responses: { '200': ok('Policy', ref('OrgPolicyRecord')), '400': err('Invalid policy') } },
  },
  '/api/admin/retention/run': { post: { summary: 'Run the retention sweep for the org now (org-admin)', tags: G, responses: { '200': ok('Sweep result'), '409': err('A sweep is already running (`retention_busy`)') } } },
  '/api/compliance/artifacts': {
    get: {
      summary: "Every artifact of the auditor's org (metadata), newest first; cursor pagination",
      tags: C,
      params: queryParams(artifactQuerySchema),
      responses: { '200': ok('Page', page(ref('ComplianceArtifact'))), '400': err('`invalid_filter` or `invalid_cursor`') },
    },
  },
  '/api/compliance/artifacts/{id}': {
    get: { summary: "One artifact's metadata", tags: C, params: [idParam], responses: { '200': ok('Artifact', ref('ComplianceArtifact')) } },
    delete: { summary: 'Hard delete: live state, update log, versions, shares; audited as deleted', tags: C, params: [idParam], responses: { '204': { description: 'Deleted' }, '409': err('Under legal hold (`legal_hold`)') } },
  },
  '/api/compliance/artifacts/{id}/versions': { get: { summary: 'Every version (metadata)', tags: C, params: [idParam], responses: { '200': ok('Versions', { type: 'object', properties: { versions: { type: 'array', items: ref('VersionInfo') } } }) } } },
  '/api/compliance/artifacts/{id}/versions/{n}': {
    get: {
      summary: 'A version: its stored JSON, or with `format=html` its frozen HTML',
      tags: C,
      params: [idParam, nParam, { name: 'format', in: 'query', required: false, schema: { enum: ['json', 'html'], default: 'json' } }],
      responses: { '200': { description: 'JSON or HTML', content: { 'application/json': { schema: { type: 'object' } }, 'text/html': { schema: { type: 'string' } } } } },
    },
  },
  '/api/compliance/artifacts/{id}/versions/{n}/html': { get: { summary: 'The frozen HTML of a version', tags: C, params: [idParam, nParam], responses: { '200': html } } },
  '/api/compliance/artifacts/{id}/export': {
    get: {
      summary: 'One zip: v<n>.html and v<n>.json of every version and manifest.json (metadata, sha256 of each file); audited as exported',
      tags: C,
      params: [idParam],
      responses: { '200': { description: 'Zip archive', content: { 'application/zip': { schema: { type: 'string', contentMediaType: 'application/zip' } } } } },
    },
  },
  '/api/compliance/events': {
    get: {
      summary: "The org's audit trail in seq order; cursor pagination",
      tags: C,
      params: queryParams(eventQuerySchema),
      responses: { '200': ok('Page', page(ref('AuditEvent'))), '400': err('`invalid_filter` or `invalid_cursor`') },
    },
  },
  '/api/compliance/verify': {
    get: {
      summary: "Recompute the org's hash chain: intact, or the first broken link",
      tags: C,
      responses: {
        '200': ok('Verification', {
          oneOf: [
            { type: 'object', properties: { intact: { const: true }, events: { type: 'integer' } }, required: ['intact', 'events'] },
            {
              type: 'object',
              properties: {
                intact: { const: false },
                events: { type: 'integer', description: 'Events verified before the break' },
                reason: { enum: ['hash_mismatch', 'prev_hash_mismatch', 'seq_gap', 'head_mismatch'] },
                brokenAt: { type: 'object', properties: { seq: { type: 'integer' }, at: { type: ['string', 'null'] }, action: { type: ['string', 'null'] } } },
              },
              required: ['intact', 'reason', 'brokenAt'],
            },
          ],
        }),
      },
    },
  },
};

function page(item: Schema): Schema {
  return { type: 'object', properties: { items: { type: 'array', items: item, maxItems: MAX_PAGE }, nextCursor: { type: ['string', 'null'] } }, required: ['items', 'nextCursor'] };
}

const visibility = { enum: ['private', 'org', 'restricted'] };
const str = { type: 'string' };
const nullableStr = { type: ['string', 'null'] };
const nullableInt = { type: ['integer', 'null'] };

const COMPONENTS = {
  securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token of the configured IdP (Keycloak or the embedded one)' } },
  schemas: {
    Error: {
      type: 'object',
      properties: { error: { type: 'object', properties: { code: str, message: str }, required: ['code', 'message'], additionalProperties: true } },
      required: ['error'],
    },
    PublicConfig: { type: 'object', properties: { oidc: { type: 'object', properties: { issuer: str, clientId: str } }, usercontentOrigin: str, collabPath: str } },
    Me: { type: 'object', properties: { userId: str, name: str, orgId: str, roles: { type: 'array', items: str }, groups: { type: 'array', items: str } } },
    ArtifactSummary: {
      type: 'object',
      properties: { id: str, title: str, kind: str, owner: str, ownerName: str, orgId: str, visibility, pinnedVersion: nullableInt, updatedAt: str, latestVersion: nullableInt },
    },
    VersionInfo: {
      type: 'object',
      properties: { version: { type: 'integer' }, sha256: str, author: str, authorName: str, createdAt: str, message: nullableStr, gitCommit: nullableStr, sizeBytes: { type: 'integer' }, kind: { enum: ['published', 'before-restore', 'restored'] } },
    },
    Published: {
      type: 'object',
      properties: { version: { type: 'integer' }, sha256: str, url: str, unchanged: { type: 'boolean' }, preservedVersion: { type: ['integer', 'null'], description: 'Restore only: the version that froze the replaced live work' } },
    },
    Sharing: { type: 'object', properties: { visibility, users: { type: 'array', items: str }, groups: { type: 'array', items: str } } },
    OrgPolicy: {
      type: 'object',
      properties: {
        enabled: { type: 'boolean' },
        orgWideSharing: { enum: ['everyone', 'admins'] },
        retentionDays: { type: 'object', properties: { private: nullableInt, shared: nullableInt } },
        keepVersions: nullableInt,
      },
    },
    OrgPolicyRecord: { type: 'object', description: 'The stored policy with who changed it and when', additionalProperties: true },
    ComplianceArtifact: {
      type: 'object',
      properties: {
        id: str,
        title: str,
        kind: str,
        owner: str,
        ownerName: str,
        orgId: str,
        visibility,
        createdAt: str,
        updatedAt: str,
        latestVersion: nullableInt,
        versionCount: { type: 'integer' },
        legalHold: { type: 'boolean' },
      },
    },
    AuditEvent: {
      type: 'object',
      description: 'Metadata only, never content. hash = sha256(prevHash ‖ canonical JSON (RFC 8785) of the other fields but prevHash)',
      properties: {
        orgId: str,
        seq: { type: 'integer' },
        at: str,
        actorId: str,
        actorName: str,
        action: { enum: AUDIT_ACTIONS },
        artifactId: nullableStr,
        version: nullableInt,
        clientAddress: nullableStr,
        details: { type: 'object' },
        prevHash: str,
        hash: str,
      },
    },
  },
};

let cached: Schema | undefined;

/** The document (built once: it describes code, which does not change while the server runs). */
export function openApiDocument(): Schema {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'Live Artifacts API',
      version: '0.1.0',
      description: 'Self-hosted live Yjs artifacts: agents edit through ops, viewers watch live, versions are frozen and audited. Errors are `{"error":{"code","message",...}}` with stable codes.',
    },
    security: [{ bearer: [] }],
    paths: Object.fromEntries(Object.entries(ROUTES).map(([path, methods]) => [path, Object.fromEntries(Object.entries(methods).map(([m, op]) => [m, operation(op as Op)]))])),
    components: COMPONENTS,
  };
  return cached;
}

/** `/api/artifacts/:id/versions/:n` (hono) → `/api/artifacts/{id}/versions/{n}` (OpenAPI). */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
