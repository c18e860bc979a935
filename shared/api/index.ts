/**
 * The HTTP API's JSON, described once as zod schemas: the server answers with these shapes and
 * builds its OpenAPI document from them, the SDK and web app parse answers with them, and the
 * types are inferred from them. Pure: no I/O.
 */
export * from './artifacts.ts';
export * from './identity.ts';
export * from './compliance.ts';
export * from './governance.ts';
export * from './errors.ts';
export * from './requests.ts';
export * from './remix.ts';
export * from './webhooks.ts';
export * from './comments.ts';
export { artifactJsonSchema, sectionSchema } from './artifact-json.ts';
export { artifactDiffSchema } from './diff.ts';
export { API_SCHEMAS, openApiDocumentSchema, type ApiSchemaName } from './schemas.ts';

/**
 * What the server tells every open page of an artifact, as a Hocuspocus stateless message
 * (JSON). Anything else on that channel (the plain `keepalive`) carries no meaning for pages.
 */
export type LiveNotice =
  /** The live document was replaced by version `version` (a restore), by `actorName`. */
  { type: 'restored'; version: number; actorName: string; preservedVersion: number | null };
