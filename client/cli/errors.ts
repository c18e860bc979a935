/** Wrong command line: the CLI prints the message and a pointer to `--help`, and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** The command whose help to point at, when known. */
    readonly command?: string,
  ) {
    super(message);
  }
}

/** A problem with the user's input or data (not the command line): printed as `error <code>: <message>`, exit 1. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Thrown after a clean shutdown on SIGINT/SIGTERM; main maps it to exit code 130. */
export class Interrupted extends Error {
  override readonly name = 'Interrupted';
}

/** A failure after part of the input was applied: the CLI reports `error`, then `note` (what was and was not sent). */
export class PartialFailure extends Error {
  override readonly name = 'PartialFailure';
  constructor(
    readonly error: unknown,
    readonly note: string,
  ) {
    super(error instanceof Error ? error.message : String(error), { cause: error });
  }
}
