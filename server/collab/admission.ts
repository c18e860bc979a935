/** Why an upgrade was refused, and the HTTP answer it gets. */
export type AdmissionRefusal = { status: 429 | 503; scope: 'address' | 'total' };

/**
 * Counts open WebSockets per client address and in all, so the upgrade of one too many is
 * answered right away with a small HTTP response: a refused client costs no WebSocket, no
 * Hocuspocus connection and no buffers. The address is the TCP peer; IPv6 peers count per /64,
 * the block one subscriber usually gets (per address, one host could take every slot).
 */
export class SocketAdmission {
  private readonly perAddress = new Map<string, number>();
  private total = 0;

  constructor(private readonly limits: { maxSockets: number; maxSocketsPerAddress: number }) {}

  /**
   * Takes a slot for a socket from `address`, or says why not. The returned `release` gives
   * it back; call it once, when the TCP socket closes.
   */
  admit(address: string | null): { release: () => void } | AdmissionRefusal {
    const key = addressKey(address);
    const held = this.perAddress.get(key) ?? 0;
    if (this.total >= this.limits.maxSockets) return { status: 503, scope: 'total' };
    if (held >= this.limits.maxSocketsPerAddress) return { status: 429, scope: 'address' };
    this.total++;
    this.perAddress.set(key, held + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.total--;
        const left = (this.perAddress.get(key) ?? 1) - 1;
        if (left > 0) this.perAddress.set(key, left);
        else this.perAddress.delete(key);
      },
    };
  }

  /** Open sockets in all, and how many addresses (or IPv6 /64s) hold them. */
  get stats(): { total: number; addresses: number } {
    return { total: this.total, addresses: this.perAddress.size };
  }
}

/** The key a client address counts under: IPv4 as is, IPv6 by its first four groups (/64). */
export function addressKey(address: string | null): string {
  if (!address) return 'unknown';
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = address.includes('::') ? 8 - headGroups.length - tailGroups.length : 0;
  const groups = [...headGroups, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
