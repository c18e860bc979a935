import { createServer, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createAdaptorServer, getRequestListener } from '@hono/node-server';
import { AuditWriter } from './audit/index.ts';
import { LOCAL_PRINCIPAL, type Authenticator } from './auth/index.ts';
import { createIdentity } from './auth/identity.ts';
import type { Principal } from '#policies';
import type { MembershipGuard } from './auth/membership.ts';
import { applyControlEvent, createCluster, type Cluster } from './cluster/index.ts';
import { createCollab, type Collab } from './collab/index.ts';
import { createGovernance, PolicyStore, type Governance } from './governance/index.ts';
import type { Config } from './config.ts';
import { startDemoAgent, type DemoAgent } from './demo/demo-agent.ts';
import { createHttpApp } from './http/index.ts';
import type { NotifyComment } from './http/comments.ts';
import { newArtifactId } from './ids.ts';
import { listen } from './listen.ts';
import { createLogger, type Logger } from './log.ts';
import { openStorage, type ArtifactStore, type SqlClient, type Storage, type UpdateLog } from './store/index.ts';
import { LinkSigner, Publisher, usercontentApp } from './versions/index.ts';
import { WebhookNotifier } from './webhooks/index.ts';

const IDEMPOTENCY_PURGE_INTERVAL_MS = 60 * 60 * 1_000;

export interface RunningServer {
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  /** Origin of the user-content server that serves frozen versions. */
  usercontentUrl: string;
  store: ArtifactStore;
  /** Every store, as `openStorage` built them. */
  storage: Storage;
  log: UpdateLog;
  collab: Collab;
  /** Org policies and the retention sweeper. */
  governance: Governance;
  /** Outgoing webhooks: `notify`, and the delivery worker. */
  webhooks: WebhookNotifier;
  logger: Logger;
  demo: DemoAgent | undefined;
  /** The issuer tokens must come from (the embedded IdP's, or OIDC_ISSUER). */
  issuer: string;
  /**
   * Shuts down gracefully: from the first moment every new request is refused (503 `stopping`,
   * readyz included) and no new connection is accepted; requests already running finish, for at
   * most `graceMs` (SHUTDOWN_GRACE_MS), and everything they and the sockets sent is committed or
   * refused; sockets close with 1012 (reconnect elsewhere); then storage closes.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/**
 * Opens storage, composes identity, collaboration and HTTP on one port, and listens. Identity is
 * the external IdP of OIDC_ISSUER or else the embedded one; tests may inject an authenticator.
 */
export async function startServer(
  config: Readonly<Config>,
  options: {
    logger?: Logger;
    authenticator?: Authenticator;
    /** A layer around the SQL client (tests inject storage faults). */
    wrapSql?: (db: SqlClient) => SqlClient;
    /** The webhook worker's clock and jitter (tests check the backoff schedule with them). */
    webhookClock?: { now: () => number; random: () => number };
    /** Told of every new comment and mention (ids only), beside the webhooks. */
    notifyComment?: NotifyComment;
  } = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const storage = await openStorage(config, options.wrapSql);
  const { artifacts: store, log, people, versions } = storage;
  const identity = createIdentity(config, storage.idpEntries, people, logger, options.authenticator);
  const authenticator = identity.authenticator;
  // Standalone audit events (views, exports, refusals); change events ride with their change.
  const audit = new AuditWriter(storage.auditLog);
  const policies = new PolicyStore(storage.policies);
  // With REDIS_URL: one of several instances. Another instance's sync request is answered only
  // at an instant when this one's copy holds nothing unstored (the collab layer's write gate).
  let collabRef: Collab | undefined;
  const cluster: Cluster | undefined = config.redis
    ? createCluster({ url: config.redis.url, prefix: config.redis.prefix, identifier: config.redis.instanceId, logger, storedInstant: async (doc) => collabRef?.storedInstant(doc) })
    : undefined;
  const collab = createCollab({ config, store, log, authenticator, logger, policies, audit, ...(cluster ? { cluster: { extension: cluster.sync, peers: cluster.control } } : {}) });
  collabRef = collab;
  const governance = createGovernance({ store, retention: storage.retention, policies, documents: collab.documents, logger, retentionSweepIntervalMs: config.retentionSweepIntervalMs });
  cluster?.onControl((event) => applyControlEvent(event, { store, documents: collab.documents, governance, logger }));
  const publisher = new Publisher(collab.documents, versions);
  const signer = new LinkSigner(config.usercontentSecret);
  // Public origins are known once both servers listen (a port may be 0 = any free port).
  const origins = { app: '', usercontent: '' };
  const appOrigin = () => origins.app;
  const usercontentOrigin = () => origins.usercontent;
  const webhooks = new WebhookNotifier({ store: storage.webhooks, artifacts: store, settings: config.webhooks, logger, appOrigin, ...options.webhookClock });
  const app = createHttpApp({ webhooks, governance, config, store, storage, people, documents: collab.documents, authenticator, mcpAuthenticator: identity.mcpAuthenticator, identity: identity.info, logger, versions, publisher, signer, appOrigin, usercontentOrigin, audit, ...(cluster ? { redis: cluster } : {}), notifyComment: (event) => {
    void webhooks.notify({ ...event, at: new Date().toISOString() });
    options.notifyComment?.(event);
  } });
  const honoListener = getRequestListener(app.fetch);
  // Listening comes before everything a request needs is ready (the embedded IdP needs the
  // app's origin, known only once the port is bound): until then, and from shutdown on, every
  // request (health checks included) gets 503 with the phase, never a wrong answer.
  let phase: 'starting' | 'ready' | 'stopping' = 'starting';
  const refusal = () => (phase === 'ready' ? undefined : phase);
  // Requests being answered: a shutdown lets them finish before it closes their connections.
  const inFlight = new InFlight();
  // The embedded IdP (when there is one) answers under /realms/ on the app's own origin.
  const server = createServer((req, res) => {
    const refused = refusal();
    if (refused) return notReady(res, refused);
    inFlight.track(res);
    const idp = req.url?.startsWith('/realms/') ? identity.idpHandler() : undefined;
    if (idp) idp(req, res);
    else void honoListener(req, res);
  });
  const usercontent = createAdaptorServer({ fetch: usercontentApp({ versions, signer, appOrigin, logger }).fetch }) as HttpServer;
  collab.attach(server, refusal);
  const port = await listen(server, config.port, config.host, 'PORT');
  const usercontentPort = await listen(usercontent, config.usercontentPort, config.host, 'USERCONTENT_PORT');
  const url = originOf(config.host, port);
  origins.app = config.appOrigin ?? url;
  origins.usercontent = config.usercontentOrigin ?? originOf(config.host, usercontentPort);
  await identity.start(origins.app);
  // Idempotency keys answer retries for 24 hours; older ones are forgotten hourly.
  const purgeKeys = setInterval(() => {
    storage.idempotency.purgeExpired().catch((error: unknown) => logger.warn({ err: error }, 'purging expired idempotency keys failed; the next run tries again'));
  }, IDEMPOTENCY_PURGE_INTERVAL_MS);
  purgeKeys.unref();
  const membershipSweep = identity.membership && startMembershipSweep(identity.membership, collab, config.membership?.intervalMs ?? 5_000, logger);
  // The demo agent is a service identity of the demo org and shares its artifact with that org;
  // under an injected test authenticator it is the local author.
  const demoPrincipal: Principal = options.authenticator
    ? LOCAL_PRINCIPAL
    : { userId: 'demo-agent', name: 'Demo agent', orgId: config.demoOrg, roles: ['artifact-author'], groups: [] };
  if (config.demo && !options.authenticator) await people.upsert([{ ...demoPrincipal, agent: true }]);
  const demo = config.demo
    ? await startDemoAgent({ store, documents: collab.documents, principal: demoPrincipal, intervalMs: config.demoIntervalMs, logger, newId: newArtifactId })
    : undefined;

  webhooks.start();
  phase = 'ready';
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    usercontentUrl: origins.usercontent,
    store,
    storage,
    log,
    collab,
    governance,
    webhooks,
    logger,
    demo,
    issuer: identity.info().issuer,
    close({ graceMs = config.shutdownGraceMs } = {}) {
      closing ??= (async () => {
        phase = 'stopping';
        demo?.stop();
        governance.stop();
        clearInterval(purgeKeys);
        if (membershipSweep) clearInterval(membershipSweep);
        // No new connections from here (a load balancer's connect fails and it tries another
        // instance, a POST included: nothing was sent). Node closes idle keep-alive connections;
        // a request arriving on a busy one is answered 503 `stopping` with `Connection: close`.
        const stopped = [server, usercontent].map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
        // Running requests finish: an op batch waits for its commit and is answered. Past the
        // grace period their connections are closed (the client hears no answer, so nothing
        // it counts as acknowledged is lost: a commit decides before an answer is sent).
        const drained = await inFlight.drained(graceMs);
        if (!drained) logger.warn({ graceMs, unfinished: inFlight.count }, 'requests still running at the end of the shutdown grace period; closing their connections');
        // Sockets next (1012: reconnect elsewhere); `close` waits for every connection, and
        // upgraded WebSockets count (with 1,000 viewers a shutdown otherwise waited minutes).
        await collab.close();
        await cluster?.close();
        await webhooks.stop();
        for (const s of [server, usercontent]) s.closeAllConnections();
        await Promise.all(stopped);
        await identity.close();
        await log.flush();
        await audit.flush();
        await storage.close();
      })();
      return closing;
    },
  };
}

/**
 * Every interval, asks the IdP whether each user with an open socket still belongs to the org
 * their token names, and closes the sockets of those who left (4403). Tokens cannot tell: they
 * stay valid until they expire.
 */
function startMembershipSweep(guard: MembershipGuard, collab: Collab, intervalMs: number, logger: Logger): NodeJS.Timeout {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void (async () => {
      const byUser = new Map<string, Principal>();
      for (const session of collab.sessions.openSessions()) byUser.set(session.principal.userId, session.principal);
      for (const principal of byUser.values()) {
        if (await guard.isMember(principal, { fresh: true })) continue;
        const closed = collab.sessions.closeSessionsOf(principal.userId);
        collab.sessions.announce({ type: 'member-removed', userId: principal.userId, orgId: principal.orgId });
        logger.info({ userId: principal.userId, orgId: principal.orgId, closed }, 'closed the sockets of a user who left the org');
      }
    })()
      .catch((error: unknown) => logger.warn({ err: error }, 'membership sweep failed'))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return timer;
}

/** The responses still being written, so a shutdown can wait for them (bounded). */
class InFlight {
  count = 0;
  #idle: (() => void)[] = [];

  track(res: ServerResponse): void {
    this.count++;
    res.once('close', () => {
      if (--this.count === 0) for (const wake of this.#idle.splice(0)) wake();
    });
  }

  /** Whether every tracked response finished within `timeoutMs`. */
  async drained(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const idle = new Promise<true>((resolve) => this.#idle.push(() => resolve(true)));
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([idle, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** 503 `starting` / `stopping`, in the API's error shape; the connection closes after it. */
function notReady(res: ServerResponse, phase: string): void {
  const message = phase === 'starting' ? 'the server is starting; try again in a moment' : 'the server is shutting down; try another instance or again shortly';
  res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '1', 'Cache-Control': 'no-store', ...(phase === 'stopping' ? { Connection: 'close' } : {}) });
  res.end(JSON.stringify({ error: { code: phase, message, retryable: true } }));
}

function originOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
