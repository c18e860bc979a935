/**
 * Remix: copy an artifact (live or one version) into a private artifact of the caller, and read
 * an artifact's lineage. Thin calls over the transport that parse the answer with the API's
 * schema; `ArtifactsClient` exposes each.
 */
import { lineageSchema, remixedSchema, type Lineage, type RemixBody } from '#shared/api';
import type { z } from 'zod';
import { artifactPath, parseAnswer } from './api-paths.ts';
import type { Transport } from './transport.ts';
import type { CallOptions } from './types.ts';

export type { Lineage, RemixBody };
export type Remixed = z.infer<typeof remixedSchema>;

/** Sent once unless the caller asks for retries: every call that lands makes another copy. */
export async function postRemix(transport: Transport, id: string, input: RemixBody, options: CallOptions): Promise<Remixed> {
  const body = await transport.request({ method: 'POST', path: `${artifactPath(id)}/remix`, body: input, signal: options.signal, retry: options.retry });
  return parseAnswer(remixedSchema, body, 'remix');
}

export async function getLineage(transport: Transport, id: string, options: CallOptions): Promise<Lineage> {
  const body = await transport.request({ method: 'GET', path: `${artifactPath(id)}/lineage`, signal: options.signal, retry: options.retry });
  return parseAnswer(lineageSchema, body, 'lineage');
}
