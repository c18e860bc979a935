import { ConfigError, loadConfig } from './config.ts';
import { startServer } from './app.ts';
import { createLogger } from './log.ts';
import { DataDirInUseError } from './store/data-dir-lock.ts';

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
  const server = await startServer(config, { logger });
  const demoUrl = server.demo ? `${server.url}/a/${server.demo.artifactId}` : undefined;
  logger.info({ url: server.url, port: server.port, usercontentUrl: server.usercontentUrl, demoUrl, dataDir: config.dataDir, startupMs: Math.round(performance.now() - startedAt) }, 'live artifacts listening');
  if (process.stdout.isTTY) process.stdout.write(`\n  Live Artifacts: ${server.url}\n${demoUrl ? `  Live demo:      ${demoUrl}\n` : ''}\n`);

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close().then(
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

main().catch((error: unknown) => {
  if (error instanceof DataDirInUseError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
