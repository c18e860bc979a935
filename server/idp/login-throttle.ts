/*
 * Password guessing against the embedded IdP, slowed down: every wrong password counts against
 * the account tried and against the client address it came from; past a few within a window,
 * that account (or address) is refused for a while, longer with every further failure. A correct
 * password never counts, so people and test suites that sign in all day are never throttled.
 * In memory and bounded: a restart forgets the counts, which signs no one out (the sessions and
 * tokens themselves are in the database, server/idp/store.ts).
 */

export interface LoginThrottleOptions {
  /** Wrong passwords for one account, none more than `windowMs` after the one before, that lock it. */
  maxAccountFailures: number;
  /**
   * The same for one client address across accounts: higher, because several people may share
   * an address (a NAT, a proxy, every test of a suite on 127.0.0.1), yet low enough that one
   * address cannot try every demo user a few times each.
   */
  maxAddressFailures: number;
  /** Failures count until this long passes without one. */
  windowMs: number;
  /** The first lockout; it doubles with each failure beyond the limit, up to `maxLockoutMs`. */
  baseLockoutMs: number;
  maxLockoutMs: number;
  /** Accounts and addresses remembered at most; the least recently failed without a lockout go first. */
  maxEntries: number;
  /** The clock (tests pass their own). */
  nowMs: () => number;
}

export const DEFAULT_LOGIN_THROTTLE: Readonly<LoginThrottleOptions> = Object.freeze({
  maxAccountFailures: 5,
  maxAddressFailures: 20,
  windowMs: 15 * 60_000,
  baseLockoutMs: 60_000,
  maxLockoutMs: 15 * 60_000,
  maxEntries: 10_000,
  nowMs: () => Date.now(),
});

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

interface Entry {
  failures: number;
  lastFailureMs: number;
  lockedUntilMs: number;
}

/** Whatever is typed as a user name, a key stays small. */
const MAX_NAME_CHARS = 256;

export class LoginThrottle {
  private readonly options: Readonly<LoginThrottleOptions>;
  private readonly entries = new Map<string, Entry>();

  constructor(options: Partial<LoginThrottleOptions> = {}) {
    this.options = Object.freeze({ ...DEFAULT_LOGIN_THROTTLE, ...options });
  }

  /** Whether a password may be checked now for `account` from `address`. */
  check(account: string, address: string | null): ThrottleVerdict {
    const now = this.options.nowMs();
    const waitMs = Math.max(...this.keysOf(account, address).map((key) => (this.entries.get(key)?.lockedUntilMs ?? 0) - now), 0);
    return waitMs > 0 ? { allowed: false, retryAfterMs: waitMs } : { allowed: true };
  }

  /** A wrong password (or an unknown account) was tried. */
  fail(account: string, address: string | null): void {
    const [accountKey, addressKey] = this.keysOf(account, address);
    this.count(accountKey as string, this.options.maxAccountFailures);
    if (addressKey) this.count(addressKey, this.options.maxAddressFailures);
  }

  /**
   * The right password: the account's failures are forgotten. The address's are not, or knowing
   * one password would clear the way to keep guessing others.
   */
  succeed(account: string): void {
    this.entries.delete(accountKey(account));
  }

  /** How many accounts and addresses are remembered (for tests of the bound). */
  get size(): number {
    return this.entries.size;
  }

  private keysOf(account: string, address: string | null): string[] {
    return address ? [accountKey(account), `address:${address}`] : [accountKey(account)];
  }

  private count(key: string, limit: number): void {
    const { windowMs, baseLockoutMs, maxLockoutMs } = this.options;
    const now = this.options.nowMs();
    const entry = this.entries.get(key) ?? { failures: 0, lastFailureMs: now, lockedUntilMs: 0 };
    this.entries.delete(key); // re-inserted last: Map order is the eviction order
    // A quiet window starts the count again. Counting until then, rather than only the failures
    // of the last window, keeps the lockout growing while the guessing goes on.
    if (now - entry.lastFailureMs >= windowMs) entry.failures = 0;
    entry.failures = Math.min(entry.failures + 1, limit + 64);
    entry.lastFailureMs = now;
    const over = entry.failures - limit;
    if (over >= 0) entry.lockedUntilMs = now + Math.min(baseLockoutMs * 2 ** over, maxLockoutMs);
    if (this.entries.size >= this.options.maxEntries) this.evict(now);
    this.entries.set(key, entry);
  }

  /** Makes room: first what no longer matters, then the oldest without a lockout, then the oldest. */
  private evict(now: number): void {
    const target = Math.floor(this.options.maxEntries * 0.9);
    const passes: ((entry: Entry) => boolean)[] = [
      (e) => e.lockedUntilMs <= now && now - e.lastFailureMs >= this.options.windowMs,
      (e) => e.lockedUntilMs <= now,
      () => true,
    ];
    for (const evictable of passes) {
      for (const [key, entry] of this.entries) {
        if (this.entries.size <= target) return;
        if (evictable(entry)) this.entries.delete(key);
      }
    }
  }
}

/** Without case: typing `ALICE` does not open a fresh count for guessing alice's password. */
function accountKey(account: string): string {
  return `account:${account.slice(0, MAX_NAME_CHARS).toLowerCase()}`;
}

/** "Try again in 3 minutes." for a person; rounded up, never "0". */
export function retryAfterText(retryAfterMs: number): string {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
