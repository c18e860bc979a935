import './runtime-check.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { assertPortFree, PortInUseError } from './listen.ts';
import { startServer } from './app.ts';
import { createLogger, type Logger } from './log.ts';
import { atLeast, MIN_NODE_FOR_TELEMETRY } from './runtime.ts';
import { DatabaseOpenError, DataDirInUseError } from './store/index.ts';
import { telemetryRequested } from './telemetry/config.ts';
import type { TelemetrySdk } from './telemetry/sdk.ts';

/** At most this long for the last export at shutdown: an unreachable collector must not hold the exit. */
const TELEMETRY_FLUSH_MS = 5_000;

/** Beyond the grace for requests: closing sockets, the last commits, storage. */
const SHUTDOWN_CLOSE_MARGIN_MS = 15_000;

/** `npm start`: the embedded defaults plus the live demo unless DEMO=0. */
async function main(): Promise<void> {
  const startedAt = performance.now();
  let config;
  try {
    config = loadConfig({ DEMO: '1', ...process.env });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  // Before the server starts: the HTTP middleware and the instruments take their meter then.
  const telemetry = await startTelemetry(logger, config.metrics);
  const server = await startServer(config, { logger });
  const demoUrl = server.demo ? `${server.url}/a/${server.demo.artifactId}` : undefined;
  logger.info({ url: server.url, port: server.port, usercontentUrl: server.usercontentUrl, demoUrl, dataDir: config.dataDir, storage: config.databaseUrl ? 'postgres' : 'pglite', startupMs: Math.round(performance.now() - startedAt), node: process.version, telemetry: telemetry ? 'on' : 'off' }, 'live artifacts listening');
  if (process.stdout.isTTY) process.stdout.write(`\n  Live Artifacts: ${server.url}\n${demoUrl ? `  Live demo:      ${demoUrl}\n` : ''}\n`);

  // SIGTERM (an orchestrator, a rolling restart) and SIGINT: refuse new work at once, let
  // running requests finish within SHUTDOWN_GRACE_MS, commit what was received, close sockets
  // with the reconnect code, exit 0. A second signal is not caught: it ends the process.
  const shutdown = (signal: string) => {
    logger.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down');
    // Storage that does not close (a hung database) must not keep the process up forever.
    setTimeout(() => {
      logger.error({ afterMs: config.shutdownGraceMs + SHUTDOWN_CLOSE_MARGIN_MS }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, config.shutdownGraceMs + SHUTDOWN_CLOSE_MARGIN_MS).unref();
    server
      .close()
      .then(() => flushTelemetry(telemetry, logger))
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

/**
 * The OpenTelemetry SDK, when OTEL_* asks for it; otherwise its module is never loaded, so a
 * server without telemetry runs no exporter and pays nothing. A broken telemetry setup is
 * logged and the server runs without it: observability must not take the service down.
 */
async function startTelemetry(logger: Logger, prometheus: Config['metrics']): Promise<TelemetrySdk | undefined> {
  if (!telemetryRequested(process.env) && !prometheus) return undefined;
  if (!atLeast(MIN_NODE_FOR_TELEMETRY)) {
    logger.error({ node: process.version, needs: `${MIN_NODE_FOR_TELEMETRY.major}.${MIN_NODE_FOR_TELEMETRY.minor}` }, 'telemetry needs a newer Node.js (the OpenTelemetry SDK 3 line); running without it');
    return undefined;
  }
  try {
    // The exporter only logs a taken port and serves nothing: refused here, with the setting named.
    if (prometheus) await assertPortFree(prometheus.port, prometheus.host, 'METRICS_PORT');
    return (await import('./telemetry/sdk.ts')).startTelemetry(process.env, prometheus);
  } catch (error) {
    if (error instanceof PortInUseError) throw error;
    logger.error({ err: error }, 'telemetry could not be started; running without it');
    return undefined;
  }
}

/** Exports what telemetry still holds, after the server has closed (its last spans included). */
async function flushTelemetry(telemetry: TelemetrySdk | undefined, logger: Logger): Promise<void> {
  if (!telemetry) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), TELEMETRY_FLUSH_MS)));
  try {
    if ((await Promise.race([telemetry.shutdown(), timeout])) === 'timeout') logger.warn({ timeoutMs: TELEMETRY_FLUSH_MS }, 'telemetry did not flush in time; exiting anyway');
  } catch (error) {
    logger.warn({ err: error }, 'telemetry failed to flush at shutdown');
  } finally {
    clearTimeout(timer);
  }
}

main().catch((error: unknown) => {
  if (error instanceof DataDirInUseError || error instanceof PortInUseError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  // Not a setting to fix necessarily (the database may be starting): exit 1, a supervisor retries.
  if (error instanceof DatabaseOpenError) {
    process.stderr.write(`failed to start: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
