import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Whether two argument lists hold the same items (by identity), so a render alone never reloads. */
export function sameArgs(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  return a !== undefined && b !== undefined && a.length === b.length && a.every((item, i) => Object.is(item, b[i]));
}

/**
 * What LoadController and PagedController share: arguments read before every render, a fetch
 * started when they change (aborting the one in flight), again after the host is re-attached,
 * and aborted when the host leaves the page. Subclasses say what `start` fetches.
 */
export abstract class ArgsController<A extends readonly unknown[]> implements ReactiveController {
  protected abort: AbortController | undefined;
  protected args: A | undefined;

  constructor(
    protected readonly host: ReactiveControllerHost,
    private readonly readArgs: () => A | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Re-attached after leaving: the arguments were forgotten, so the next render fetches again.
    this.host.requestUpdate();
  }

  hostUpdate(): void {
    const args = this.readArgs();
    if (args !== undefined && !sameArgs(args, this.args)) void this.start(args);
  }

  hostDisconnected(): void {
    this.abort?.abort();
    this.abort = undefined;
    this.args = undefined;
  }

  /** Fetches again with the current arguments ("Try again", a refresh after a change). */
  run(): Promise<void> {
    const args = this.readArgs();
    return args === undefined ? Promise.resolve() : this.start(args);
  }

  /** A new fetch for `args`: the one in flight is aborted; the returned signal is this one's. */
  protected begin(args: A): AbortSignal {
    this.abort?.abort();
    this.abort = new AbortController();
    this.args = args;
    return this.abort.signal;
  }

  protected abstract start(args: A): Promise<void>;
}
