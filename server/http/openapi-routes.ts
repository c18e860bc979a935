import { z } from 'zod';
import { opSchema } from '#shared/ops';
import { idempotencyKey, idParam, html, jsonSchema, noContent, notReady, nParam, err, ok, retryable, type Routes } from './openapi-parts.ts';
import { HOOK_SOURCES, hookEventSchema } from '#shared/hooks';
import { createArtifactBodySchema, publishBodySchema, remixBodySchema, settingsBodySchema, sharingBodySchema } from '#shared/api';

const A = ['Artifacts'];
const V = ['Versions'];
const S = ['Sharing'];
const I = ['Identity'];
const P = ['Public'];
const H = ['Hooks'];

/** The public routes, the caller, and artifacts with their versions and sharing: OpenAPI path → method → operation. */
export const ARTIFACT_ROUTES: Routes = {
  '/healthz': { get: { summary: 'Liveness: 200 once every part a request needs has started', tags: P, auth: false, responses: { '200': ok('Healthy', 'Health'), ...notReady } } },
  '/readyz': {
    get: { summary: 'Readiness for a load balancer: 200 when a request would succeed (storage answers)', tags: P, auth: false, responses: { '200': ok('Ready', 'Health'), '503': err('`starting`, `stopping`, or `unavailable` (storage does not answer)') } },
  },
  '/api/config': { get: { summary: 'Public settings a client needs before signing in', tags: P, auth: false, responses: { '200': ok('Settings', 'PublicConfig') } } },
  '/api/openapi.json': { get: { summary: 'This document', tags: P, auth: false, responses: { '200': ok('OpenAPI 3.1 document', 'OpenApiDocument') } } },
  '/api/me': { get: { summary: 'The caller, as the token says', tags: I, responses: { '200': ok('Caller', 'Me') } } },
  '/api/directory': {
    get: { summary: "People and groups of the caller's org (share dialog)", tags: I, params: [{ name: 'q', in: 'query', required: false, schema: { type: 'string', maxLength: 200 } }], responses: { '200': ok('Directory', 'Directory') } },
  },
  '/api/artifacts': {
    post: { summary: 'Create an artifact (private to its creator)', tags: A, body: jsonSchema(createArtifactBodySchema), responses: { '201': ok('Created', 'CreatedArtifact'), '400': err('Invalid body') } },
    get: {
      summary: 'Artifacts the caller may see',
      tags: A,
      params: [{ name: 'q', in: 'query', required: false, schema: { type: 'string' } }, { name: 'kind', in: 'query', required: false, schema: { type: 'string' } }],
      responses: { '200': ok('List', 'ArtifactList') },
    },
  },
  '/api/artifacts/{id}': {
    get: { summary: 'The live state as JSON (audited as viewed)', tags: A, params: [idParam], responses: { '200': ok('Artifact JSON', 'ArtifactJSON'), '403': err('Pinned: viewers see a version (code `pinned`)') } },
    delete: { summary: 'Hard delete (owner); audited', tags: A, params: [idParam], responses: { '204': noContent('Deleted'), '409': err('Under legal hold (`legal_hold`; the attempt is audited)') } },
  },
  '/api/artifacts/{id}/summary': { get: { summary: 'One list row without loading the document', tags: A, params: [idParam], responses: { '200': ok('Summary', 'ArtifactSummary') } } },
  '/api/artifacts/{id}/ops': {
    post: {
      summary: 'Apply an op batch, all or nothing; answered after it is durably committed',
      tags: A,
      params: [idParam, idempotencyKey],
      body: jsonSchema(z.strictObject({ ops: z.array(opSchema) })),
      responses: {
        '200': ok('Applied', 'OpsResult'),
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
      body: jsonSchema(publishBodySchema),
      responses: { '201': ok('Published', 'Published'), '200': ok('Unchanged since the latest version', 'Published'), '413': err('Frozen page over 16 MiB (`snapshot_too_large`)'), ...retryable },
    },
    get: { summary: 'Versions, newest first', tags: V, params: [idParam], responses: { '200': ok('Versions', 'VersionList') } },
  },
  '/api/artifacts/{id}/versions/{n}': { get: { summary: 'The frozen JSON of a version (audited as viewed)', tags: V, params: [idParam, nParam], responses: { '200': ok('Artifact JSON', 'ArtifactJSON') } } },
  '/api/artifacts/{id}/versions/{n}/html': { get: { summary: 'The frozen HTML of a version (audited as viewed)', tags: V, params: [idParam, nParam], responses: { '200': html } } },
  '/api/artifacts/{id}/versions/{n}/link': {
    get: { summary: 'A signed 5-minute link to the version on the user-content origin (audited as viewed)', tags: V, params: [idParam, nParam], responses: { '200': ok('Link', 'VersionLink') } },
  },
  '/api/artifacts/{id}/versions/{n}/restore': {
    post: {
      summary: 'Make the live document equal to version n, in one transaction: unpublished live work is first frozen as a version of its own (`preservedVersion`), then the result is recorded as a new version (200 `unchanged` when it equals the latest)',
      tags: V,
      params: [idParam, nParam, idempotencyKey],
      responses: { '201': ok('Restored', 'Restored'), '200': ok('Already the latest version', 'Restored'), ...retryable },
    },
  },
  '/api/artifacts/{id}/diff': {
    get: {
      summary: 'Section-level diff of two versions (or `live`)',
      tags: V,
      params: [idParam, { name: 'from', in: 'query', required: true, schema: { type: 'string' } }, { name: 'to', in: 'query', required: true, schema: { type: 'string' } }],
      responses: { '200': ok('Diff', 'ArtifactDiff'), '400': err('Bad side'), '403': err('`pinned`: readers of a pinned artifact may not diff against the live document') },
    },
  },
  '/api/artifacts/{id}/settings': {
    get: { summary: 'What viewers see (live or a pinned version)', tags: V, params: [idParam], responses: { '200': ok('Settings', 'ArtifactSettings') } },
    put: { summary: 'Set what viewers see', tags: V, params: [idParam], body: jsonSchema(settingsBodySchema), responses: { '200': ok('Settings', 'ArtifactSettings'), '400': err('Unknown version (`unknown_version`)') } },
  },
  '/api/artifacts/{id}/sharing': {
    get: { summary: 'Who the artifact is shared with (owner only)', tags: S, params: [idParam], responses: { '200': ok('Sharing', 'Sharing') } },
    put: { summary: 'Share: private, whole org, or named people and groups of the org who may view or edit (audited)', tags: S, params: [idParam], body: jsonSchema(sharingBodySchema), responses: { '200': ok('Sharing', 'Sharing'), '400': err('Invalid body') } },
  },
  '/api/artifacts/{id}/remix': {
    post: {
      summary: "Copy the live document (or a version) into a new artifact private to the caller, in the same org, with lineage (audited: `remixed` on the source, `created` on the copy)",
      tags: A,
      params: [idParam],
      body: jsonSchema(remixBodySchema),
      responses: { '201': ok('The copy', 'Remixed'), '400': err('Invalid body'), '403': err('Your role may not create artifacts'), '404': err('No such artifact or version (other orgs\' artifacts included)'), ...retryable },
    },
  },
  '/api/artifacts/{id}/lineage': {
    get: { summary: 'Where the artifact was remixed from (its title only to who may read it) and its remixes the caller may read', tags: A, params: [idParam], responses: { '200': ok('Lineage', 'Lineage') } },
  },
  '/api/hooks/{source}': {
    post: {
      summary: "One agent hook event (the JSON a command hook gets on stdin) updates the caller's session artifact, made on the session's first event; secrets are redacted before anything is stored",
      tags: H,
      params: [
        { name: 'source', in: 'path', required: true, schema: { type: 'string', enum: [...HOOK_SOURCES] }, description: 'The agent that sent the event' },
        { name: 'Hook-Event-At', in: 'header', required: false, schema: { type: 'string', format: 'date-time' }, description: "When the agent's side read the event (keeps durations right when events arrive out of order); the server's time otherwise" },
      ],
      body: jsonSchema(hookEventSchema),
      responses: {
        '201': ok("The session's first event: its artifact was created", 'HookResult'),
        '200': ok('Recorded on the session artifact', 'HookResult'),
        '400': err('`invalid_json`, or `invalid_request` naming the field (`session_id`, `hook_event_name`, `tool_name` of a tool event)'),
        '403': err('Your role may not create artifacts, or the session artifact may no longer be edited (legal hold, feature off)'),
        ...retryable,
      },
    },
  },
};
