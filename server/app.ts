import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { developmentAuthenticator, LOCAL_PRINCIPAL, type Authenticator } from './auth/index.ts';
import { oidcAuthenticator } from './auth/oidc.ts';
import { createCollab, type Collab } from './collab/index.ts';
import type { Config } from './config.ts';
import { startDemoAgent, type DemoAgent } from './demo/demo-agent.ts';
import { createHttpApp } from './http/index.ts';
import { newArtifactId } from './ids.ts';
import { createLogger, type Logger } from './log.ts';
import { openStore, UpdateLog, VersionStore, type ArtifactStore } from './store/index.ts';
import { LinkSigner, Publisher, usercontentApp } from './versions/index.ts';

export interface RunningServer {
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  /** Origin of the user-content server that serves frozen versions. */
  usercontentUrl: string;
  store: ArtifactStore;
  log: UpdateLog;
  collab: Collab;
  logger: Logger;
  demo: DemoAgent | undefined;
  close(): Promise<void>;
}

/** Opens storage, composes collaboration and HTTP on one port, and listens. */
export async function startServer(config: Readonly<Config>, options: { logger?: Logger; authenticator?: Authenticator } = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const store = await openStore(config);
  const log = new UpdateLog(store);
  const authenticator =
    options.authenticator ?? (config.oidc ? oidcAuthenticator({ issuer: config.oidc.issuer, audience: config.oidc.audience, clients: config.oidc.clients }) : developmentAuthenticator());
  const collab = createCollab({ config, store, log, authenticator, logger });
  const versions = new VersionStore(store.db);
  const publisher = new Publisher(collab.documents, versions);
  const signer = new LinkSigner(config.usercontentSecret);
  // Public origins are known once both servers listen (a port may be 0 = any free port).
  const origins = { app: '', usercontent: '' };
  const appOrigin = () => origins.app;
  const usercontentOrigin = () => origins.usercontent;
  const app = createHttpApp({ config, store, documents: collab.documents, authenticator, logger, versions, publisher, signer, appOrigin, usercontentOrigin });
  const server = createAdaptorServer({ fetch: app.fetch }) as HttpServer;
  const usercontent = createAdaptorServer({ fetch: usercontentApp({ versions, signer, appOrigin, logger }).fetch }) as HttpServer;
  collab.attach(server);
  const port = await listen(server, config.port, config.host);
  const usercontentPort = await listen(usercontent, config.usercontentPort, config.host);
  const url = originOf(config.host, port);
  origins.app = config.appOrigin ?? url;
  origins.usercontent = config.usercontentOrigin ?? originOf(config.host, usercontentPort);
  // Under an external IdP the demo agent is a service identity of the demo org, sharing its
  // artifact with that org; under the development identity it is the local author.
  const demoPrincipal = config.oidc
    ? { userId: 'demo-agent', name: 'Demo agent', orgId: config.demoOrg, roles: ['artifact-author' as const], groups: [] }
    : LOCAL_PRINCIPAL;
  const demo = config.demo
    ? await startDemoAgent({ store, documents: collab.documents, principal: demoPrincipal, intervalMs: config.demoIntervalMs, logger, newId: newArtifactId })
    : undefined;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    usercontentUrl: origins.usercontent,
    store,
    log,
    collab,
    logger,
    demo,
    close() {
      closing ??= (async () => {
        demo?.stop();
        for (const s of [server, usercontent]) {
          s.closeAllConnections();
          await new Promise<void>((resolve) => s.close(() => resolve()));
        }
        await collab.close();
        await log.flush();
        await store.db.close();
      })();
      return closing;
    },
  };
}

function listen(server: HttpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function originOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
