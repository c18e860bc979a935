/**
 * Identity and sharing (`/api/config`, `/api/me`, `/api/directory`, the sharing route): who the caller is,
 * the people and groups of their org, an artifact's summary and who it is shared with. Thin
 * calls over the transport that check the answer's shape; `ArtifactsClient` exposes each.
 */
import type { ArtifactSummary, Directory, Me, PublicConfig, Sharing } from '#shared/api';
import { artifactPath, badResponse } from './api-paths.ts';
import { isRecord } from './artifacts-error.ts';
import type { Transport } from './transport.ts';
import type { CallOptions } from './types.ts';

export type { Directory, Me, PublicConfig, Sharing } from '#shared/api';

/** What `setSharing` sends: people and groups only with `restricted` (the server refuses them otherwise). */
export type SharingInput =
  | { visibility: 'private' | 'org' }
  | { visibility: 'restricted'; users?: readonly string[]; groups?: readonly string[] };

const VISIBILITIES: ReadonlySet<unknown> = new Set(['private', 'org', 'restricted']);

export async function getConfig(transport: Transport, options: CallOptions): Promise<PublicConfig> {
  const body = await transport.request({ method: 'GET', path: '/api/config', signal: options.signal, retry: options.retry });
  const oidc = isRecord(body) ? body['oidc'] : undefined;
  if (!isRecord(body) || !isRecord(oidc) || typeof oidc['issuer'] !== 'string' || typeof oidc['clientId'] !== 'string') throw badResponse('config');
  return {
    oidc: { issuer: oidc['issuer'], clientId: oidc['clientId'] },
    usercontentOrigin: String(body['usercontentOrigin'] ?? ''),
    collabPath: String(body['collabPath'] ?? ''),
  };
}

export async function getMe(transport: Transport, options: CallOptions): Promise<Me> {
  const body = await transport.request({ method: 'GET', path: '/api/me', signal: options.signal, retry: options.retry });
  if (!isRecord(body) || typeof body['userId'] !== 'string' || typeof body['orgId'] !== 'string' || !isStringArray(body['roles'])) throw badResponse('me');
  return {
    userId: body['userId'],
    name: typeof body['name'] === 'string' ? body['name'] : '',
    orgId: body['orgId'],
    roles: body['roles'] as Me['roles'],
    groups: isStringArray(body['groups']) ? body['groups'] : [],
    ...(isRecord(body['policy']) ? { policy: { enabled: body['policy']['enabled'] !== false, orgWideSharing: body['policy']['orgWideSharing'] === 'admins' ? 'admins' : 'everyone' } } : {}),
  };
}

export async function getDirectory(transport: Transport, q: string | undefined, options: CallOptions): Promise<Directory> {
  const path = q ? `/api/directory?${new URLSearchParams({ q })}` : '/api/directory';
  const body = await transport.request({ method: 'GET', path, signal: options.signal, retry: options.retry });
  if (!isRecord(body) || !Array.isArray(body['people']) || !isStringArray(body['groups'])) throw badResponse('directory');
  const people = body['people'].filter((p): p is { userId: string; name: string } => isRecord(p) && typeof p['userId'] === 'string' && typeof p['name'] === 'string');
  return { people: people.map(({ userId, name }) => ({ userId, name })), groups: body['groups'] };
}

export async function getSummary(transport: Transport, id: string, options: CallOptions): Promise<ArtifactSummary> {
  const body = await transport.request({ method: 'GET', path: `${artifactPath(id)}/summary`, signal: options.signal, retry: options.retry });
  if (!isRecord(body) || typeof body['id'] !== 'string' || typeof body['owner'] !== 'string' || typeof body['orgId'] !== 'string' || !VISIBILITIES.has(body['visibility'])) {
    throw badResponse('summary');
  }
  return body as unknown as ArtifactSummary;
}

export async function getSharing(transport: Transport, id: string, options: CallOptions): Promise<Sharing> {
  return readSharing(await transport.request({ method: 'GET', path: `${artifactPath(id)}/sharing`, signal: options.signal, retry: options.retry }), 'sharing');
}

export async function putSharing(transport: Transport, id: string, input: SharingInput, options: CallOptions): Promise<Sharing> {
  const body = await transport.request({ method: 'PUT', path: `${artifactPath(id)}/sharing`, body: input, signal: options.signal, retry: options.retry });
  return readSharing(body, 'setSharing');
}

function readSharing(body: unknown, call: string): Sharing {
  if (!isRecord(body) || !VISIBILITIES.has(body['visibility'])) throw badResponse(call);
  return {
    visibility: body['visibility'] as Sharing['visibility'],
    users: isStringArray(body['users']) ? body['users'] : [],
    groups: isStringArray(body['groups']) ? body['groups'] : [],
  };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
