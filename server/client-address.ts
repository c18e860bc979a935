import { BlockList, isIP } from 'node:net';

/*
 * Who is on the other end of a request or socket. By default that is the TCP peer, full stop:
 * `X-Forwarded-*` headers are whatever the client wrote. Only when the peer is one of the
 * proxies named in TRUSTED_PROXIES (nginx in front of the instances) are they read, and then
 * X-Forwarded-For is walked from the right: each trusted proxy appended the address it saw, so
 * the right-most address that is not itself a trusted proxy is the client. Everything left of
 * it was written by the client and is ignored. HTTP routes, the WebSocket upgrade, the audit
 * trail and the per-address limits all ask here, so they agree on one address.
 */

/** The client as far as the server can tell: its address, and the scheme and host it used. */
export interface ClientOrigin {
  address: string | null;
  /** From X-Forwarded-Proto of a trusted proxy; undefined = the connection's own. */
  proto: 'http' | 'https' | undefined;
  /** From X-Forwarded-Host of a trusted proxy; undefined = the Host header. */
  host: string | undefined;
}

/** Request headers as Node gives them (lower-case names). */
export type HeaderBag = Record<string, string | string[] | undefined>;

/**
 * A peer address as logged: IPv4-mapped IPv6 (`::ffff:10.0.0.1`) reads as the IPv4 it is.
 */
export function normalizeAddress(address: string | undefined | null): string | null {
  if (!address) return null;
  const lower = address.toLowerCase();
  return lower.startsWith('::ffff:') && lower.includes('.') ? lower.slice(7) : lower;
}

/**
 * The problems of a TRUSTED_PROXIES value (comma-separated IPv4/IPv6 addresses and CIDR
 * ranges), one message per bad entry; empty when it is fine.
 */
export function trustedProxyProblems(list: string): string[] {
  return splitList(list)
    .filter((entry) => parseEntry(entry) === undefined)
    .map((entry) => `TRUSTED_PROXIES: "${entry}" is neither an IP address nor a CIDR range (e.g. 10.0.0.0/8, ::1)`);
}

/** The entries of a valid TRUSTED_PROXIES value, normalized (for the frozen config). */
export function parseTrustedProxies(list: string): readonly string[] {
  return Object.freeze(splitList(list).filter((entry) => parseEntry(entry) !== undefined));
}

/**
 * The client behind `peer` (the TCP peer address) given the request's headers and the
 * trusted proxies (parsed TRUSTED_PROXIES entries).
 */
export function resolveClient(peer: string | undefined | null, headers: HeaderBag, trustedProxies: readonly string[]): ClientOrigin {
  const direct = normalizeAddress(peer);
  const untrusted: ClientOrigin = { address: direct, proto: undefined, host: undefined };
  if (!direct || trustedProxies.length === 0) return untrusted;
  const trust = blockListOf(trustedProxies);
  if (!isTrusted(trust, direct)) return untrusted;

  // Right to left through the hops the trusted proxies appended. An entry that is not an
  // address (a proxy that writes `unknown`, or garbage) ends the walk at the last hop known.
  const hops = headerValues(headers['x-forwarded-for']).map(parseForwardedAddress);
  let client = direct;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    if (!hop) break;
    client = hop;
    if (!isTrusted(trust, hop)) break;
  }
  const proto = headerValues(headers['x-forwarded-proto'])[0]?.toLowerCase();
  const host = headerValues(headers['x-forwarded-host'])[0];
  return {
    address: client,
    proto: proto === 'http' || proto === 'https' ? proto : undefined,
    host: host && /^[A-Za-z0-9.\-[\]:]+$/.test(host) ? host : undefined,
  };
}

/** The public URL of a request: its own, with the scheme and host a trusted proxy reported. */
export function publicRequestUrl(requestUrl: string, client: Pick<ClientOrigin, 'proto' | 'host'>): URL {
  const url = new URL(requestUrl);
  // Rebuilt rather than assigned: `url.host = 'name'` would keep the old port.
  const scheme = client.proto ?? url.protocol.slice(0, -1);
  try {
    return new URL(`${url.pathname}${url.search}`, `${scheme}://${client.host ?? url.host}`);
  } catch {
    return url; // a forwarded host that is no URL host (`a:b:c`): the request's own
  }
}

const lists = new WeakMap<readonly string[], BlockList>();

function blockListOf(entries: readonly string[]): BlockList {
  let list = lists.get(entries);
  if (!list) {
    list = new BlockList();
    for (const entry of entries) {
      const parsed = parseEntry(entry);
      if (!parsed) continue;
      if (parsed.prefix === undefined) list.addAddress(parsed.address, parsed.family);
      else list.addSubnet(parsed.address, parsed.prefix, parsed.family);
    }
    lists.set(entries, list);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function parseEntry(entry: string): { address: string; family: 'ipv4' | 'ipv6'; prefix: number | undefined } | undefined {
  const [rawAddress = '', rawPrefix, ...rest] = entry.split('/');
  if (rest.length) return undefined;
  const address = normalizeAddress(rawAddress) ?? '';
  const family = isIP(address);
  if (family === 0) return undefined;
  const max = family === 4 ? 32 : 128;
  if (rawPrefix === undefined) return { address, family: family === 4 ? 'ipv4' : 'ipv6', prefix: undefined };
  if (!/^\d{1,3}$/.test(rawPrefix) || Number(rawPrefix) > max) return undefined;
  return { address, family: family === 4 ? 'ipv4' : 'ipv6', prefix: Number(rawPrefix) };
}

/** One X-Forwarded-For entry as an address: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`, `[2001:db8::1]:443`. */
function parseForwardedAddress(entry: string): string | undefined {
  let candidate = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(candidate);
  if (bracketed) candidate = bracketed[1] as string;
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(candidate)) candidate = candidate.slice(0, candidate.lastIndexOf(':'));
  const address = normalizeAddress(candidate);
  return address && isIP(address) !== 0 ? address : undefined;
}

/** A header's comma-separated values, across repeated headers, in order. */
function headerValues(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

function splitList(list: string): string[] {
  return list.split(',').map((entry) => entry.trim()).filter(Boolean);
}
