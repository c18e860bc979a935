import path from 'node:path';
import { z } from 'zod';
import { parseTrustedProxies, trustedProxyProblems } from './client-address.ts';
import { allowedHostProblems } from './webhooks/url-guard.ts';

/*
 * All settings, parsed once at boot from the environment. Modules receive the frozen
 * result and never read process.env themselves.
 */

const port = z.coerce.number().int().min(0).max(65_535);
const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const envSchema = z.object({
  /** App, API and WebSocket (`/collab`) on one port. 0 picks a free port (tests). */
  PORT: port.default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Where embedded PGlite keeps its files (unless DATABASE_URL is set), and the embedded IdP its keys. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** A PostgreSQL database (`postgres://user:password@host:port/db`) instead of embedded PGlite. */
  DATABASE_URL: z.string().url().refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL').optional(),
  /** Connections each instance keeps to DATABASE_URL; at least 2 (the retention sweeper holds one for its lock while it deletes on another). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(1_000).default(10),
  /** Several instances: document updates, awareness and control events between them go through this Redis. */
  REDIS_URL: z.string().url().refine((u) => /^rediss?:/.test(u), 'must be a redis:// or rediss:// URL').optional(),
  /** Namespace of this deployment's keys and channels in Redis (several may share one). */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (at most 64)').default('live-artifacts'),
  /** This instance's name in Redis messages and logs; default: host name, pid and a random part. */
  INSTANCE_ID: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'letters, digits, _ . : - (at most 100)').optional(),
  USERCONTENT_PORT: port.default(8081),
  /** Public origin of the user-content server when it sits behind a proxy; else http://HOST:USERCONTENT_PORT. */
  USERCONTENT_ORIGIN: z.string().url().optional(),
  /** Public origin of the app when it sits behind a proxy (frozen pages may be framed only by it). */
  APP_ORIGIN: z.string().url().optional(),
  /** Key for signed version links; random per process when unset (links then last one process lifetime). */
  USERCONTENT_SECRET: z.string().min(32).optional(),
  /** Realm URL of an external OIDC provider (Keycloak); unset = the embedded IdP with the demo users. */
  OIDC_ISSUER: z.string().url().optional(),
  /** A confidential client of the realm with `view-users`: lets the server notice at once when someone leaves an org. */
  OIDC_ADMIN_CLIENT_ID: z.string().min(1).optional(),
  OIDC_ADMIN_CLIENT_SECRET: z.string().min(1).optional(),
  /** How often open sockets' org membership is checked with the IdP (needs the admin client). */
  MEMBERSHIP_CHECK_INTERVAL_MS: z.coerce.number().int().min(500).default(5_000),
  /** Lifetime of the embedded IdP's access tokens (Keycloak's default is 300 s); short values exercise renewal. */
  EMBEDDED_IDP_TOKEN_TTL_S: z.coerce.number().int().min(15).max(3_600).default(300),
  /** The embedded IdP's demo users have known passwords: refused on a non-loopback HOST unless this is set. */
  ALLOW_DEMO_USERS_ON_NETWORK: flag.default(false),
  /** The `aud` access tokens must carry. */
  OIDC_AUDIENCE: z.string().min(1).default('artifacts-api'),
  /** Comma-separated clients (`azp`) whose tokens are accepted. */
  OIDC_CLIENTS: z.string().default('artifacts-web,artifacts-cli,artifacts-agent,artifacts-mcp'),
  /**
   * An audience `/mcp` accepts besides its own resource URL (`<app origin>/mcp`, RFC 8707):
   * what the IdP's audience mapper puts into tokens of the MCP client. API tokens are refused there.
   */
  MCP_AUDIENCE: z.string().min(1).default('artifacts-mcp'),
  /** Comma-separated origins (besides the app's own) whose browser pages may call `/mcp`; requests without `Origin` (non-browser clients) always may. */
  MCP_ALLOWED_ORIGINS: z.string().default(''),
  /** The public client the web app logs in with. */
  OIDC_WEB_CLIENT_ID: z.string().min(1).default('artifacts-web'),
  /** Seed the demo artifact and run the demo agent that keeps it moving. */
  DEMO: flag.default(false),
  /** With an external IdP: the org whose members see the demo artifact. */
  DEMO_ORG: z.string().min(1).default('acme'),
  /** Milliseconds between demo agent steps. */
  DEMO_INTERVAL_MS: z.coerce.number().int().min(50).default(2_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How often the retention sweeper runs (one instance at a time); 0 = only on demand (`POST /api/admin/retention/run`). */
  RETENTION_SWEEP_INTERVAL_MS: z.coerce.number().int().refine((v) => v === 0 || v >= 1_000, 'must be 0 (only on demand) or at least 1000').default(60 * 60 * 1_000),
  /**
   * How long an op batch (or another server change) may wait for its commit to start before it
   * is refused with 503, nothing stored. A commit that has started is always waited for: its
   * outcome decides the answer.
   */
  COMMIT_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /**
   * Most bytes one artifact's stored live document (state plus update log) may hold; op
   * batches and socket edits past it are refused with 413 `artifact_too_large`. A frozen page
   * holds at most 16 MiB, so a live document much larger could not be published anyway.
   */
  MAX_ARTIFACT_BYTES: z.coerce.number().int().min(64 * 1024).default(24 * 1024 * 1024),
  /** Fold a document's update log into its state row once it holds this many updates. */
  COMPACT_AFTER_UPDATES: z.coerce.number().int().min(1).default(500),
  /**
   * Comma-separated addresses and CIDR ranges of the reverse proxies in front of the server
   * (nginx). Only a request whose TCP peer is one of them has its client address taken from
   * X-Forwarded-For (and scheme and host from X-Forwarded-Proto/-Host); empty = trust nobody,
   * every address is the TCP peer.
   */
  TRUSTED_PROXIES: z.string().default(''),
  /**
   * On SIGTERM, how long in-flight HTTP requests (and the commits they wait for) may take
   * before their connections are closed; new requests are refused from the first moment.
   */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** Largest HTTP request body accepted (an op batch with images can be big). */
  MAX_BODY_BYTES: z.coerce.number().int().min(1_024).default(16 * 1024 * 1024),
  /*
   * Socket limits (server/collab/limits.ts). The client address is the TCP peer, or behind a
   * proxy in TRUSTED_PROXIES the address it forwards; behind a NAT (or an untrusted proxy)
   * every user shares one, so the per-address cap is generous.
   */
  /** Open WebSockets in all; further upgrades are answered 503. */
  MAX_SOCKETS: z.coerce.number().int().min(1).default(10_000),
  /** Open WebSockets from one client address; further upgrades are answered 429. */
  MAX_SOCKETS_PER_ADDRESS: z.coerce.number().int().min(1).default(2_000),
  /** Bytes a socket may send before it has authenticated a document (a token is 1–8 KB). */
  PREAUTH_MAX_BYTES: z.coerce.number().int().min(4_096).default(32 * 1024),
  /** How long a new socket has to authenticate a document before it is closed (4408). */
  AUTH_TIMEOUT_MS: z.coerce.number().int().min(500).default(10_000),
  /** Unsent bytes a socket may hold beyond the message that started its backlog before it is closed as a slow consumer. */
  SOCKET_SEND_BUFFER_MAX_BYTES: z.coerce.number().int().min(64 * 1024).default(4 * 1024 * 1024),
  /** Documents one socket may have open at once (the web app opens one). */
  MAX_DOCUMENTS_PER_SOCKET: z.coerce.number().int().min(1).default(10),
  /** Full-state requests (sync step 1) one socket may make per minute, in bursts of as many. */
  SYNC_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** Prometheus scrape endpoint (`/metrics`) on its own port, never the app's; unset = none. */
  METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  /** Bind address of the scrape endpoint (loopback unless the scraper runs elsewhere). */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * Comma-separated host names, addresses and CIDR ranges webhooks may call although they are
   * (or resolve to) private, loopback or link-local addresses; empty = public addresses only.
   */
  WEBHOOK_ALLOWED_HOSTS: z.string().default(''),
  /** A PEM file of CA certificates trusted for webhook receivers besides the system's (a private CA). */
  WEBHOOK_CA_FILE: z.string().min(1).optional(),
  /** How long one delivery attempt may take, connection to the end of the answer. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Attempts per delivery before it is marked failed (6 span about an hour). */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(6),
  /** How often an instance looks for due deliveries (it also looks at once when it queues one). */
  WEBHOOK_POLL_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  /** Where the built web client lives. */
  CLIENT_DIST: z.string().default(path.resolve(import.meta.dirname, '../client/dist')),
});

/** Bounds on what one socket, and one client address, may hold (see server/collab/limits.ts). */
export interface SocketLimits {
  maxSockets: number;
  maxSocketsPerAddress: number;
  preauthMaxBytes: number;
  authTimeoutMs: number;
  sendBufferMaxBytes: number;
  maxDocumentsPerSocket: number;
  syncRequestsPerMinute: number;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL instead of PGlite at `dataDir`. */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** With REDIS_URL: several instances share documents and control events through it. */
  redis: { url: string; prefix: string; instanceId: string | undefined } | undefined;
  usercontentPort: number;
  /** Explicit public origins; unset = derived from the listening address. */
  usercontentOrigin: string | undefined;
  appOrigin: string | undefined;
  usercontentSecret: string | undefined;
  /** External identity provider; undefined = the embedded IdP (server/idp) with the demo users. */
  oidc: { issuer: string; audience: string; clients: string[]; webClientId: string } | undefined;
  /** Clients (`azp`) whose tokens are accepted, for either IdP. */
  oidcClients: string[];
  /** Access-token lifetime of the embedded IdP. */
  embeddedIdpTokenTtlS: number;
  /** The MCP endpoint (server/mcp): the audience it accepts besides its URL, and browser origins besides the app's. */
  mcp: { audience: string; allowedOrigins: string[] };
  /** Org membership checks against the external IdP's admin API (Keycloak), when configured. */
  membership: { clientId: string; clientSecret: string; intervalMs: number } | undefined;
  demo: boolean;
  demoIntervalMs: number;
  demoOrg: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  compactAfterUpdates: number;
  commitQueueTimeoutMs: number;
  maxArtifactBytes: number;
  /** Between scheduled retention sweeps; 0 = only on demand. */
  retentionSweepIntervalMs: number;
  maxBodyBytes: number;
  /** Reverse proxies whose X-Forwarded-* headers are believed (server/client-address.ts); empty = none. */
  trustedProxies: readonly string[];
  /** How long a SIGTERM shutdown waits for in-flight requests. */
  shutdownGraceMs: number;
  /** What one client may hold of the socket layer (server/collab/limits.ts). */
  socketLimits: Readonly<SocketLimits>;
  clientDist: string;
  collabPath: '/collab';
  /** The Prometheus scrape endpoint (server/telemetry/sdk.ts), when METRICS_PORT is set. */
  metrics: { host: string; port: number } | undefined;
  /** Outgoing webhooks (server/webhooks). */
  webhooks: Readonly<{ allowedHosts: readonly string[]; caFile: string | undefined; timeoutMs: number; maxAttempts: number; pollIntervalMs: number }>;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment; throws one ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined>): Readonly<Config> {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
  }
  const e = parsed.data;
  const unsupported = [
    !e.OIDC_ISSUER && !isLoopback(e.HOST) && !e.ALLOW_DEMO_USERS_ON_NETWORK &&
      `HOST=${e.HOST}: without OIDC_ISSUER the embedded identity provider signs in demo users whose passwords are known; set OIDC_ISSUER to your Keycloak realm (or ALLOW_DEMO_USERS_ON_NETWORK=1 for a throwaway demo)`,
    !!e.OIDC_ADMIN_CLIENT_ID !== !!e.OIDC_ADMIN_CLIENT_SECRET && 'OIDC_ADMIN_CLIENT_ID and OIDC_ADMIN_CLIENT_SECRET go together',
    e.OIDC_ADMIN_CLIENT_ID && !e.OIDC_ISSUER && 'OIDC_ADMIN_CLIENT_ID needs OIDC_ISSUER (the embedded IdP knows its members already)',
    ...mcpOriginProblems(e.MCP_ALLOWED_ORIGINS),
    ...trustedProxyProblems(e.TRUSTED_PROXIES),
    ...allowedHostProblems(listOf(e.WEBHOOK_ALLOWED_HOSTS)),
    e.METRICS_PORT !== undefined && (e.METRICS_PORT === e.PORT || e.METRICS_PORT === e.USERCONTENT_PORT) &&
      `METRICS_PORT=${e.METRICS_PORT}: the scrape endpoint needs its own port, never the app's (PORT) or the user-content one (USERCONTENT_PORT)`,
  ].filter(Boolean);
  if (unsupported.length) throw new ConfigError(`invalid configuration:\n  ${unsupported.join('\n  ')}`);
  const oidcClients = e.OIDC_CLIENTS.split(',').map((c) => c.trim()).filter(Boolean);
  const mcpOrigins = e.MCP_ALLOWED_ORIGINS.split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redis: e.REDIS_URL ? Object.freeze({ url: e.REDIS_URL, prefix: e.REDIS_PREFIX, instanceId: e.INSTANCE_ID }) : undefined,
    usercontentPort: e.USERCONTENT_PORT,
    usercontentOrigin: e.USERCONTENT_ORIGIN?.replace(/\/$/, ''),
    appOrigin: e.APP_ORIGIN?.replace(/\/$/, ''),
    usercontentSecret: e.USERCONTENT_SECRET,
    oidc: e.OIDC_ISSUER
      ? {
          issuer: e.OIDC_ISSUER.replace(/\/$/, ''),
          audience: e.OIDC_AUDIENCE,
          clients: oidcClients,
          webClientId: e.OIDC_WEB_CLIENT_ID,
        }
      : undefined,
    oidcClients,
    embeddedIdpTokenTtlS: e.EMBEDDED_IDP_TOKEN_TTL_S,
    mcp: Object.freeze({ audience: e.MCP_AUDIENCE, allowedOrigins: mcpOrigins }),
    membership:
      e.OIDC_ISSUER && e.OIDC_ADMIN_CLIENT_ID && e.OIDC_ADMIN_CLIENT_SECRET
        ? { clientId: e.OIDC_ADMIN_CLIENT_ID, clientSecret: e.OIDC_ADMIN_CLIENT_SECRET, intervalMs: e.MEMBERSHIP_CHECK_INTERVAL_MS }
        : undefined,
    demo: e.DEMO,
    demoIntervalMs: e.DEMO_INTERVAL_MS,
    demoOrg: e.DEMO_ORG,
    logLevel: e.LOG_LEVEL,
    compactAfterUpdates: e.COMPACT_AFTER_UPDATES,
    commitQueueTimeoutMs: e.COMMIT_QUEUE_TIMEOUT_MS,
    maxArtifactBytes: e.MAX_ARTIFACT_BYTES,
    retentionSweepIntervalMs: e.RETENTION_SWEEP_INTERVAL_MS,
    maxBodyBytes: e.MAX_BODY_BYTES,
    trustedProxies: parseTrustedProxies(e.TRUSTED_PROXIES),
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    socketLimits: Object.freeze({
      maxSockets: e.MAX_SOCKETS,
      maxSocketsPerAddress: e.MAX_SOCKETS_PER_ADDRESS,
      preauthMaxBytes: e.PREAUTH_MAX_BYTES,
      authTimeoutMs: e.AUTH_TIMEOUT_MS,
      sendBufferMaxBytes: e.SOCKET_SEND_BUFFER_MAX_BYTES,
      maxDocumentsPerSocket: e.MAX_DOCUMENTS_PER_SOCKET,
      syncRequestsPerMinute: e.SYNC_REQUESTS_PER_MINUTE,
    }),
    clientDist: path.resolve(e.CLIENT_DIST),
    collabPath: '/collab',
    metrics: e.METRICS_PORT === undefined ? undefined : { host: e.METRICS_HOST, port: e.METRICS_PORT },
    webhooks: Object.freeze({
      allowedHosts: listOf(e.WEBHOOK_ALLOWED_HOSTS),
      caFile: e.WEBHOOK_CA_FILE === undefined ? undefined : path.resolve(e.WEBHOOK_CA_FILE),
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      pollIntervalMs: e.WEBHOOK_POLL_INTERVAL_MS,
    }),
  });
}

/** Each listed origin must be exactly an origin (`scheme://host[:port]`), as browsers send it. */
function mcpOriginProblems(list: string): string[] {
  return list
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean)
    .filter((o) => {
      try {
        return new URL(o).origin !== o;
      } catch {
        return true;
      }
    })
    .map((o) => `MCP_ALLOWED_ORIGINS: "${o}" is not an origin (scheme://host[:port], no path)`);
}

function listOf(value: string): string[] {
  return value.split(',').map((v) => v.trim()).filter(Boolean);
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
