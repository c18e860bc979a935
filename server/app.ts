import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { developmentAuthenticator, LOCAL_PRINCIPAL, type Authenticator } from './auth/index.ts';
import { createCollab, type Collab } from './collab/index.ts';
import type { Config } from './config.ts';
import { startDemoAgent, type DemoAgent } from './demo/demo-agent.ts';
import { createHttpApp } from './http/index.ts';
import { newArtifactId } from './ids.ts';
import { createLogger, type Logger } from './log.ts';
import { openStore, UpdateLog, type ArtifactStore } from './store/index.ts';

export interface RunningServer {
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
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
  const authenticator = options.authenticator ?? developmentAuthenticator();
  const collab = createCollab({ config, store, log, authenticator, logger });
  const app = createHttpApp({ config, store, documents: collab.documents, authenticator, logger });
  const server = createAdaptorServer({ fetch: app.fetch }) as HttpServer;
  collab.attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const demo = config.demo
    ? await startDemoAgent({ store, documents: collab.documents, principal: LOCAL_PRINCIPAL, intervalMs: config.demoIntervalMs, logger, newId: newArtifactId })
    : undefined;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    store,
    log,
    collab,
    logger,
    demo,
    close() {
      closing ??= (async () => {
        demo?.stop();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await collab.close();
        await log.flush();
        await store.db.close();
      })();
      return closing;
    },
  };
}
