import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.ts';
import type { Context } from 'hono';
import { AppError, badRequest } from '../errors.ts';
import type { IdempotencyStore, Receipt } from '../store/index.ts';
import type { AppEnv } from './context.ts';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** Set on an answer that repeats the first outcome of its key. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';
/** Visible ASCII, as the IETF draft's examples and every SDK's random keys are. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** A write's answer: what it stores in its receipt and sends. */
export interface Answer {
  status: 200 | 201;
  body: unknown;
}

/** What a write under a key is given: a receipt to commit with it, for the answer it will send. */
export type ReceiptOf = (answer: Answer) => Receipt;

/**
 * `Idempotency-Key` on writes (op batches, publish, restore). The first outcome of a caller's
 * key is stored in the same transaction as the write; a retry within 24 hours gets that answer
 * again (with `Idempotent-Replayed: true`) and nothing is applied twice. The same key with a
 * different request is 409 `idempotency_key_reused`. A retry that arrives while the first is
 * still being committed waits for its outcome (up to `waitMs`, then 409
 * `idempotency_key_in_progress`). Failed writes store nothing, so their key may be retried.
 */
export class Idempotency {
  /** Keys being written by this process → settles when the write's outcome is known. */
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: IdempotencyStore,
    private readonly waitMs: number,
  ) {}

  /**
   * Runs `write` at most once per key. `write` gets the receipt maker (undefined without a key)
   * and answers `{status, body}`; it must commit the receipt with its change.
   */
  async run(c: Context<AppEnv>, scope: { artifactId: string; route: string; body: unknown }, write: (receipt: ReceiptOf | undefined) => Promise<Answer>): Promise<Response> {
    const key = c.req.header(IDEMPOTENCY_HEADER);
    if (key === undefined) return send(c, await write(undefined));
    if (!KEY_PATTERN.test(key)) {
      throw badRequest('invalid_idempotency_key', `${IDEMPOTENCY_HEADER} must be 1 to 255 visible ASCII characters`, { field: IDEMPOTENCY_HEADER });
    }
    const userId = c.get('principal').userId;
    const requestHash = hashOf(scope);
    const slot = `${userId}\u0000${key}`;
    for (;;) {
      const running = this.inFlight.get(slot);
      if (!running) break;
      await waitAtMost(running, this.waitMs, () => {
        throw new AppError('idempotency_key_in_progress', 'a request with this Idempotency-Key is still being committed; retry it shortly', 409, { retryable: true });
      });
    }
    // Claimed before the first await, so a retry arriving meanwhile waits for this one.
    let settle!: () => void;
    this.inFlight.set(slot, new Promise<void>((resolve) => (settle = resolve)));
    try {
      const stored = await this.store.find(userId, key);
      if (stored) {
        if (stored.requestHash !== requestHash) throw reused();
        c.header(REPLAYED_HEADER, 'true');
        return c.json(stored.response, stored.status as 200 | 201);
      }
      const receipt: ReceiptOf = (answer) => ({ userId, key, artifactId: scope.artifactId, requestHash, status: answer.status, response: answer.body });
      return send(c, await write(receipt));
    } finally {
      this.inFlight.delete(slot);
      settle();
    }
  }
}

const reused = () =>
  new AppError('idempotency_key_reused', `this ${IDEMPOTENCY_HEADER} was used for a different request; use a new key for every distinct write`, 409);

function send(c: Context<AppEnv>, answer: Answer): Response {
  return c.json(answer.body, answer.status);
}

/** sha256 of what was asked: the route, the artifact and the canonical JSON body. */
function hashOf(scope: { artifactId: string; route: string; body: unknown }): string {
  return createHash('sha256').update(`${scope.route}\n${scope.artifactId}\n${canonicalJson(scope.body)}`).digest('hex');
}

async function waitAtMost(promise: Promise<unknown>, ms: number, onTimeout: () => never): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    if ((await Promise.race([promise.then(() => 'done' as const), timeout])) === 'timeout') onTimeout();
  } finally {
    clearTimeout(timer);
  }
}
