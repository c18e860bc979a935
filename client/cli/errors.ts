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
