import { z } from 'zod';
import { API_SCHEMAS, type ApiSchemaName } from '#shared/api';

/*
 * The building blocks of the OpenAPI document (openapi.ts): response schemas are the named zod
 * schemas of shared/api (components, by z.toJSONSchema), request bodies and query parameters
 * the zod schemas the routes validate with, so neither can drift from the code.
 */

export type Schema = Record<string, unknown>;
export type Method = 'get' | 'post' | 'put' | 'delete';

/** A zod schema as JSON Schema, without the `$schema` line OpenAPI does not want inline. */
export const jsonSchema = (schema: z.ZodType, io: 'input' | 'output' = 'input'): Schema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Schema;
  return rest;
};

const COMPONENT_URI = '#/components/schemas/';

/** Every schema of shared/api under its name; one that uses another refers to it instead of repeating it. */
export function componentSchemas(): Record<string, Schema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(API_SCHEMAS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io: 'output', unrepresentable: 'any', uri: (id) => `${COMPONENT_URI}${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => {
    const { $schema: _s, $id: _id, ...rest } = schema as Schema;
    return [id, rest];
  }));
}

export const ref = (name: ApiSchemaName): Schema => ({ $ref: `${COMPONENT_URI}${name}` });
const json = (schema: Schema) => ({ 'application/json': { schema } });
/** A JSON answer: always one of the named schemas, so a test can parse every real answer with it. */
export const ok = (description: string, name: ApiSchemaName) => ({ description, content: json(ref(name)) });
export const err = (description: string) => ({ description, content: json(ref('Error')) });
export const noContent = (description: string) => ({ description });
export const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'Artifact id' };
export const nParam = { name: 'n', in: 'path', required: true, schema: { type: 'integer', minimum: 1 }, description: 'Version number' };
/** Writes that may be retried safely: the first outcome of a key is answered again for 24 hours. */
export const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
  description:
    'Any unique string per write (e.g. a UUID), reused on every retry of the same request. A retry within 24 h answers the first outcome (header `Idempotent-Replayed: true`) and applies nothing twice; the same key with another request is 409 `idempotency_key_reused`; while the first is still committing, 409 `idempotency_key_in_progress` (retry).',
};
export const retryable = {
  '409': err('`idempotency_key_reused`, or `idempotency_key_in_progress` (retry shortly)'),
  '503': err('Not stored (`unavailable`; `error.stored` is false, or "unknown" when storage could not tell: retry with the same Idempotency-Key); nothing was shown to viewers'),
};
export const notReady = { '503': err('`starting` or `stopping` (every route answers this while the server is not ready)') };
export const html = { description: 'The frozen, self-contained HTML (strict CSP headers, served as a download)', content: { 'text/html': { schema: { type: 'string' } } } };

/** Query parameters from a zod object schema of the query string. */
export function queryParams(schema: z.ZodObject): Schema[] {
  const object = jsonSchema(schema) as { properties?: Record<string, Schema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: (object.required ?? []).includes(name), schema: s }));
}

export interface Op {
  summary: string;
  tags: string[];
  auth?: false;
  params?: Schema[];
  body?: Schema;
  responses: Record<string, unknown>;
}

export type Routes = Record<string, Partial<Record<Method, Op>>>;

const common = { '401': err('Missing, expired or invalid token'), '403': err('Not allowed'), '404': err('No such artifact (or not visible to the caller)') };

export function operation(op: Op): Schema {
  return {
    summary: op.summary,
    tags: op.tags,
    ...(op.auth === false ? { security: [] } : {}),
    ...(op.params?.length ? { parameters: op.params } : {}),
    ...(op.body ? { requestBody: { required: true, content: json(op.body) } } : {}),
    responses: op.auth === false ? op.responses : { ...common, ...op.responses },
  };
}
