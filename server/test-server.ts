import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { artifactToJSON, type ArtifactJSON } from '#shared';
import { startServer, type RunningServer } from './app.ts';
import { loadClean } from './collab/persistence.ts';
import { developmentAuthenticator, type Authenticator } from './auth/index.ts';
import { unauthorized } from './errors.ts';
import type { Principal } from '#policies';
import { loadConfig } from './config.ts';
import type { Logger } from './log.ts';
import type { SqlClient } from './store/index.ts';
import type { NotifyComment } from './http/comments.ts';

/**
 * An in-process server on a free port with its own temporary data directory (tests only).
 * Identity: the injected authenticator; `'idp'` = the real thing (the embedded IdP, or the
 * external one when `env.OIDC_ISSUER` is set); by default the development identity, under which
 * every caller is the one local author (for tests about something other than identity).
 */
export async function startTestServer(
  env: Record<string, string> = {},
  options: { authenticator?: Authenticator | 'idp'; wrapSql?: (db: SqlClient) => SqlClient; logger?: Logger; webhookClock?: { now: () => number; random: () => number }; notifyComment?: NotifyComment } = {},
): Promise<RunningServer & { dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'la-it-'));
  const real = options.authenticator === 'idp' || env.OIDC_ISSUER !== undefined;
  const authenticator = real ? undefined : typeof options.authenticator === 'object' ? options.authenticator : developmentAuthenticator();
  const server = await startServer(loadConfig({ PORT: '0', USERCONTENT_PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env }), {
    ...(authenticator ? { authenticator } : {}),
    ...(options.wrapSql ? { wrapSql: options.wrapSql } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.webhookClock ? { webhookClock: options.webhookClock } : {}),
    ...(options.notifyComment ? { notifyComment: options.notifyComment } : {}),
  });
  return Object.assign(server, {
    async dispose() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/**
 * A stand-in identity for tests about access rules: the bearer token is a key of `people`
 * (the real OIDC authenticator is tested on its own and against Keycloak).
 */
export function tokensNamePeople(people: Record<string, Principal>): Authenticator {
  return {
    async authenticate(token) {
      const principal = token ? people[token] : undefined;
      if (!principal) throw unauthorized();
      return principal;
    },
  };
}

/** What is committed in the database for an artifact, read without the in-memory document. */
export async function storedJSON(server: RunningServer, id: string): Promise<ArtifactJSON> {
  const { doc } = loadClean(await server.store.loadDocument(id));
  return artifactToJSON(doc, id);
}

/** A real Hocuspocus client over a real WebSocket, as a browser viewer would connect. */
export function connectViewer(
  baseUrl: string,
  artifactId: string,
  token: string | (() => string) = 'test',
  /** Longest wait between reconnects (the provider's default grows to 30 s). */
  options: { maxDelayMs?: number } = {},
): { doc: Y.Doc; provider: HocuspocusProvider; synced: Promise<void>; close(): void } {
  const doc = new Y.Doc();
  const websocketProvider = new HocuspocusProviderWebsocket({
    url: `${baseUrl.replace(/^http/, 'ws')}/collab`,
    WebSocketPolyfill: WebSocket,
    ...(options.maxDelayMs !== undefined ? { maxDelay: options.maxDelayMs } : {}),
  });
  const provider = new HocuspocusProvider({ websocketProvider, name: artifactId, document: doc, token });
  provider.attach();
  const synced = new Promise<void>((resolve) => provider.on('synced', () => resolve()));
  return {
    doc,
    provider,
    synced,
    close() {
      provider.destroy();
      websocketProvider.destroy();
    },
  };
}

export async function api<T = unknown>(baseUrl: string, method: string, route: string, body?: unknown, token?: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export { eventually } from '../e2e/support/eventually.ts';
