import { artifactQuerySchema, eventQuerySchema } from './compliance.ts';
import { err, html, idParam, noContent, nParam, ok, queryParams, ref, type Routes } from './openapi-parts.ts';

const C = ['Compliance'];
const G = ['Governance'];

/** Governance (org admins) and the compliance API (auditors): OpenAPI path → method → operation. */
export const GOVERNANCE_ROUTES: Routes = {
  '/api/artifacts/{id}/legal-hold': {
    put: {
      summary: 'Place or lift legal hold (org admins and auditors); held artifacts are never deleted by retention',
      tags: G,
      params: [idParam],
      body: { type: 'object', properties: { hold: { type: 'boolean' } }, required: ['hold'], additionalProperties: false },
      responses: { '200': ok('Hold state', 'LegalHold') },
    },
  },
  '/api/admin/policy': {
    get: { summary: "The org's policy (org-admin)", tags: G, responses: { '200': ok('Policy', 'OrgPolicyRecord') } },
    put: { summary: "Replace the org's policy (org-admin); audited as policy-changed", tags: G, body: ref('OrgPolicy'), responses: { '200': ok('Policy', 'OrgPolicyRecord'), '400': err('Invalid policy (`invalid_policy`, `error.errors` lists every field)') } },
  },
  '/api/admin/retention/run': { post: { summary: 'Run the retention sweep for the org now (org-admin)', tags: G, responses: { '200': ok('Sweep result', 'SweepResult'), '409': err('A sweep is already running (`retention_busy`)') } } },
  '/api/compliance/artifacts': {
    get: {
      summary: "Every artifact of the auditor's org (metadata), newest first; cursor pagination",
      tags: C,
      params: queryParams(artifactQuerySchema),
      responses: { '200': ok('Page', 'ComplianceArtifactPage'), '400': err('`invalid_filter` or `invalid_cursor`') },
    },
  },
  '/api/compliance/artifacts/{id}': {
    get: { summary: "One artifact's metadata", tags: C, params: [idParam], responses: { '200': ok('Artifact', 'ComplianceArtifact') } },
    delete: { summary: 'Hard delete: live state, update log, versions, shares; audited as deleted', tags: C, params: [idParam], responses: { '204': noContent('Deleted'), '409': err('Under legal hold (`legal_hold`)') } },
  },
  '/api/compliance/artifacts/{id}/versions': { get: { summary: 'Every version (metadata)', tags: C, params: [idParam], responses: { '200': ok('Versions', 'VersionList') } } },
  '/api/compliance/artifacts/{id}/versions/{n}': {
    get: {
      summary: 'A version: its stored JSON, or with `format=html` its frozen HTML',
      tags: C,
      params: [idParam, nParam, { name: 'format', in: 'query', required: false, schema: { enum: ['json', 'html'], default: 'json' } }],
      responses: { '200': { description: 'JSON or HTML', content: { ...ok('', 'ArtifactJSON').content, ...html.content } } },
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
      responses: { '200': ok('Page', 'AuditEventPage'), '400': err('`invalid_filter` or `invalid_cursor`') },
    },
  },
  '/api/compliance/verify': {
    get: { summary: "Recompute the org's hash chain: intact, or the first broken link", tags: C, responses: { '200': ok('Verification', 'ChainVerification') } },
  },
};
