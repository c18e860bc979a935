/**
 * Versions, diff and "what viewers see": thin calls over the transport that parse the answer
 * with the API's schema. `ArtifactsClient` exposes each as a method.
 */
import type { z } from 'zod';
import type { ArtifactJSON } from '#shared';
import type { ArtifactDiff } from '#shared/diff';
import { artifactDiffSchema, artifactJsonSchema, artifactSettingsSchema, publishedSchema, restoredSchema, versionLinkSchema, versionListSchema, type VersionInfo } from '#shared/api';
import { artifactPath, badResponse, parseAnswer, versionPath } from './api-paths.ts';
import type { Transport } from './transport.ts';
import { newIdempotencyKey } from './idempotency-key.ts';
import type { CallOptions, WriteOptions } from './types.ts';

export interface PublishInput {
  /** What this version is, e.g. "Root cause found". */
  message?: string;
  /** The commit the artifact describes (4–64 hex digits, full or abbreviated), e.g. for a PR walkthrough. */
  gitCommit?: string;
  /** The https URL of the repository holding `gitCommit` (e.g. `https://github.com/org/repo`): pages link to the commit. */
  repositoryUrl?: string;
}

/** A published version: its number, the sha256 of its frozen HTML, its page for people, and `unchanged` when nothing changed since the latest one (that one is answered, nothing stored). */
export type PublishedVersion = z.infer<typeof publishedSchema>;

/** What a restore made: the version equal to the live document now, and `preservedVersion`, the one that froze the live work it replaced (null when that already was a version). */
export type RestoredVersion = z.infer<typeof restoredSchema>;

export type { VersionInfo } from '#shared/api';

/** A link on the separate user-content origin (show it only in a sandboxed frame); `expiresAt` is ISO 8601, after which a fresh one is needed. */
export type VersionLink = z.infer<typeof versionLinkSchema>;

/** What viewers of `/a/:id` see: the live document, or one frozen version. */
export type { ViewSetting } from '#shared/api';

export type ArtifactSettings = z.infer<typeof artifactSettingsSchema>;

/** A side of a diff: a version number, or the current live document. */
export type DiffSide = number | 'live';

export async function publishVersion(transport: Transport, id: string, input: PublishInput, options: WriteOptions): Promise<PublishedVersion> {
  const idempotencyKey = options.idempotencyKey ?? newIdempotencyKey();
  const body = await transport.request({ method: 'POST', path: `${artifactPath(id)}/versions`, body: input, signal: options.signal, retry: options.retry, idempotencyKey });
  return parseAnswer(publishedSchema, body, 'publish');
}

export async function listVersions(transport: Transport, id: string, options: CallOptions): Promise<VersionInfo[]> {
  const body = await transport.request({ method: 'GET', path: `${artifactPath(id)}/versions`, signal: options.signal, retry: options.retry });
  return parseAnswer(versionListSchema, body, 'versions').versions;
}

export async function getVersion(transport: Transport, id: string, n: number, options: CallOptions): Promise<ArtifactJSON> {
  const body = await transport.request({ method: 'GET', path: versionPath(id, n), signal: options.signal, retry: options.retry });
  return parseAnswer(artifactJsonSchema, body, 'version');
}

export async function getVersionLink(transport: Transport, id: string, n: number, options: CallOptions): Promise<VersionLink> {
  const body = await transport.request({ method: 'GET', path: `${versionPath(id, n)}/link`, signal: options.signal, retry: options.retry });
  return parseAnswer(versionLinkSchema, body, 'versionLink');
}

export async function getVersionHtml(transport: Transport, id: string, n: number, options: CallOptions): Promise<string> {
  const body = await transport.request({ method: 'GET', path: `${versionPath(id, n)}/html`, signal: options.signal, retry: options.retry, responseType: 'text' });
  if (typeof body !== 'string') throw badResponse('versionHtml');
  return body;
}

export async function restoreVersion(transport: Transport, id: string, n: number, options: WriteOptions): Promise<RestoredVersion> {
  const idempotencyKey = options.idempotencyKey ?? newIdempotencyKey();
  const body = await transport.request({ method: 'POST', path: `${versionPath(id, n)}/restore`, signal: options.signal, retry: options.retry, idempotencyKey });
  return parseAnswer(restoredSchema, body, 'restore');
}

export async function getDiff(transport: Transport, id: string, from: DiffSide, to: DiffSide, options: CallOptions): Promise<ArtifactDiff> {
  const query = new URLSearchParams({ from: String(from), to: String(to) });
  const body = await transport.request({ method: 'GET', path: `${artifactPath(id)}/diff?${query}`, signal: options.signal, retry: options.retry });
  return parseAnswer(artifactDiffSchema, body, 'diff');
}

export async function getSettings(transport: Transport, id: string, options: CallOptions): Promise<ArtifactSettings> {
  const body = await transport.request({ method: 'GET', path: `${artifactPath(id)}/settings`, signal: options.signal, retry: options.retry });
  return parseAnswer(artifactSettingsSchema, body, 'settings');
}

export async function putSettings(transport: Transport, id: string, settings: ArtifactSettings, options: CallOptions): Promise<ArtifactSettings> {
  const body = await transport.request({ method: 'PUT', path: `${artifactPath(id)}/settings`, body: settings, signal: options.signal, retry: options.retry });
  return parseAnswer(artifactSettingsSchema, body, 'updateSettings');
}
