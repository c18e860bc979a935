import type { VersionInfo, ViewSetting } from '#shared/api';
/**
 * Versions, diff and "what viewers see" (routes under `/api/artifacts/:id`): thin calls over the
 * transport that check the answer's shape. `ArtifactsClient` exposes each as a method.
 */
import type { ArtifactJSON } from '#shared';
import type { ArtifactDiff } from '#shared/diff';
import { artifactPath, badResponse, versionPath } from './api-paths.ts';
import { isRecord } from './artifacts-error.ts';
import type { Transport } from './transport.ts';
import { newIdempotencyKey } from './idempotency-key.ts';
import type { CallOptions, WriteOptions } from './types.ts';

export interface PublishInput {
  /** What this version is, e.g. "Root cause found". */
  message?: string;
  /** The commit the artifact describes (7–64 hex digits), e.g. for a PR walkthrough. */
  gitCommit?: string;
}

export interface PublishedVersion {
  version: number;
  /** Of the frozen HTML. */
  sha256: string;
  /** The version's page for people, `/a/:id/v/:n` on the app origin. */
  url: string;
  /** True when nothing changed since the latest version: that one is answered, nothing stored. */
  unchanged: boolean;
}

/** What a restore made: the version equal to the live document now. */
export interface RestoredVersion extends PublishedVersion {
  /** The version that froze the live work the restore replaced (null when it already was a version). */
  preservedVersion: number | null;
}

export type { VersionInfo } from '#shared/api';

export interface VersionLink {
  /** On the separate user-content origin; show it only in a sandboxed frame. */
  url: string;
  /** ISO 8601; shortly after, the link stops working: ask for a fresh one. */
  expiresAt: string;
}

/** What viewers of `/a/:id` see: the live document, or one frozen version. */
export type { ViewSetting } from '#shared/api';

export interface ArtifactSettings {
  view: ViewSetting;
}

/** A side of a diff: a version number, or the current live document. */
export type DiffSide = number | 'live';

export async function publishVersion(transport: Transport, id: string, input: PublishInput, options: WriteOptions): Promise<PublishedVersion> {
  const idempotencyKey = options.idempotencyKey ?? newIdempotencyKey();
  const body = await transport.request({ method: 'POST', path: `${artifactPath(id)}/versions`, body: input, signal: options.signal, retry: options.retry, idempotencyKey });
  if (!isRecord(body) || typeof body['version'] !== 'number' || typeof body['url'] !== 'string') throw badResponse('publish');
  return { version: body['version'], sha256: String(body['sha256'] ?? ''), url: body['url'], unchanged: body['unchanged'] === true };
}

export async function listVersions(transport: Transport, id: string, options: CallOptions): Promise<VersionInfo[]> {
  const body = await transport.request({ method: 'GET', path: `${artifactPath(id)}/versions`, signal: options.signal, retry: options.retry });
  if (!isRecord(body) || !Array.isArray(body['versions'])) throw badResponse('versions');
  return body['versions'] as VersionInfo[];
}

export async function getVersion(transport: Transport, id: string, n: number, options: CallOptions): Promise<ArtifactJSON> {
  const body = await transport.request({ method: 'GET', path: versionPath(id, n), signal: options.signal, retry: options.retry });
  if (!isRecord(body) || !isRecord(body['meta']) || !Array.isArray(body['sections'])) throw badResponse('version');
  return body as unknown as ArtifactJSON;
}

export async function getVersionLink(transport: Transport, id: string, n: number, options: CallOptions): Promise<VersionLink> {
  const body = await transport.request({ method: 'GET', path: `${versionPath(id, n)}/link`, signal: options.signal, retry: options.retry });
  if (!isRecord(body) || typeof body['url'] !== 'string' || typeof body['expiresAt'] !== 'string') throw badResponse('versionLink');
  return { url: body['url'], expiresAt: body['expiresAt'] };
}

export async function getVersionHtml(transport: Transport, id: string, n: number, options: CallOptions): Promise<string> {
  const body = await transport.request({ method: 'GET', path: `${versionPath(id, n)}/html`, signal: options.signal, retry: options.retry, responseType: 'text' });
  if (typeof body !== 'string') throw badResponse('versionHtml');
  return body;
}

export async function restoreVersion(transport: Transport, id: string, n: number, options: WriteOptions): Promise<RestoredVersion> {
  const idempotencyKey = options.idempotencyKey ?? newIdempotencyKey();
  const body = await transport.request({ method: 'POST', path: `${versionPath(id, n)}/restore`, signal: options.signal, retry: options.retry, idempotencyKey });
  if (!isRecord(body) || typeof body['version'] !== 'number') throw badResponse('restore');
  const preserved = body['preservedVersion'];
  return {
    version: body['version'],
    sha256: String(body['sha256'] ?? ''),
    url: String(body['url'] ?? ''),
    unchanged: body['unchanged'] === true,
    preservedVersion: typeof preserved === 'number' ? preserved : null,
  };
}

export async function getDiff(transport: Transport, id: string, from: DiffSide, to: DiffSide, options: CallOptions): Promise<ArtifactDiff> {
  const query = new URLSearchParams({ from: String(from), to: String(to) });
  const body = await transport.request({ method: 'GET', path: `${artifactPath(id)}/diff?${query}`, signal: options.signal, retry: options.retry });
  if (!isRecord(body) || !isRecord(body['summary']) || !Array.isArray(body['changed'])) throw badResponse('diff');
  return body as unknown as ArtifactDiff;
}

export async function getSettings(transport: Transport, id: string, options: CallOptions): Promise<ArtifactSettings> {
  return readSettings(await transport.request({ method: 'GET', path: `${artifactPath(id)}/settings`, signal: options.signal, retry: options.retry }), 'settings');
}

export async function putSettings(transport: Transport, id: string, settings: ArtifactSettings, options: CallOptions): Promise<ArtifactSettings> {
  const body = await transport.request({ method: 'PUT', path: `${artifactPath(id)}/settings`, body: settings, signal: options.signal, retry: options.retry });
  return readSettings(body, 'updateSettings');
}

function readSettings(body: unknown, call: string): ArtifactSettings {
  const view = isRecord(body) ? body['view'] : undefined;
  if (isRecord(view) && view['mode'] === 'live') return { view: { mode: 'live' } };
  if (isRecord(view) && view['mode'] === 'pinned' && typeof view['version'] === 'number') return { view: { mode: 'pinned', version: view['version'] } };
  throw badResponse(call);
}
