/**
 * Identity and sharing: who the caller is, the people and groups of their org, an artifact's
 * summary and who it is shared with. Thin calls over the transport that parse the answer with
 * the API's schema; `ArtifactsClient` exposes each.
 */
import { artifactSummarySchema, directorySchema, meSchema, publicConfigSchema, sharingSchema, type ArtifactSummary, type Directory, type Me, type PublicConfig, type Sharing } from '#shared/api';
import type { Visibility } from '#policies';
import { artifactPath, parseAnswer } from './api-paths.ts';
import type { Transport } from './transport.ts';
import type { CallOptions } from './types.ts';

export type { Directory, Me, PublicConfig, Sharing } from '#shared/api';

/**
 * What `setSharing` sends: people and groups only with `restricted` (the server refuses them
 * otherwise). `users` / `groups` may view; `editors` may also edit, publish, pin and restore.
 */
export type SharingInput =
  | { visibility: Exclude<Visibility, 'restricted'> }
  | { visibility: 'restricted'; users?: readonly string[]; groups?: readonly string[]; editors?: { users?: readonly string[]; groups?: readonly string[] } };

export async function getConfig(transport: Transport, options: CallOptions): Promise<PublicConfig> {
  const body = await transport.request({ method: 'GET', path: '/api/config', signal: options.signal, retry: options.retry });
  return parseAnswer(publicConfigSchema, body, 'config');
}

export async function getMe(transport: Transport, options: CallOptions): Promise<Me> {
  const body = await transport.request({ method: 'GET', path: '/api/me', signal: options.signal, retry: options.retry });
  return parseAnswer(meSchema, body, 'me');
}

export async function getDirectory(transport: Transport, q: string | undefined, options: CallOptions): Promise<Directory> {
  const path = q ? `/api/directory?${new URLSearchParams({ q })}` : '/api/directory';
  const body = await transport.request({ method: 'GET', path, signal: options.signal, retry: options.retry });
  return parseAnswer(directorySchema, body, 'directory');
}

export async function getSummary(transport: Transport, id: string, options: CallOptions): Promise<ArtifactSummary> {
  const body = await transport.request({ method: 'GET', path: `${artifactPath(id)}/summary`, signal: options.signal, retry: options.retry });
  return parseAnswer(artifactSummarySchema, body, 'summary');
}

export async function getSharing(transport: Transport, id: string, options: CallOptions): Promise<Sharing> {
  const body = await transport.request({ method: 'GET', path: `${artifactPath(id)}/sharing`, signal: options.signal, retry: options.retry });
  return parseAnswer(sharingSchema, body, 'sharing');
}

export async function putSharing(transport: Transport, id: string, input: SharingInput, options: CallOptions): Promise<Sharing> {
  const body = await transport.request({ method: 'PUT', path: `${artifactPath(id)}/sharing`, body: input, signal: options.signal, retry: options.retry });
  return parseAnswer(sharingSchema, body, 'setSharing');
}
