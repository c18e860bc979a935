import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { MAX_WEBHOOK_URL_LENGTH } from '#shared/api';
import { badRequest } from '../errors.ts';

/*
 * Which URLs the server may call. A hook's URL is chosen by an artifact's owner, so without
 * these checks anyone who may create an artifact could make the server call internal services
 * (SSRF): only https, and never a private, loopback, link-local or otherwise special address
 * unless an operator allowed the host (WEBHOOK_ALLOWED_HOSTS). Checked when a hook is saved and
 * again at every delivery, against the address the request then connects to (DNS may change).
 */

/** Addresses no hook may reach unless allowed: RFC 6890 special-purpose ranges and friends. */
const SPECIAL = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
  ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) SPECIAL.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) {
  SPECIAL.addSubnet(net, prefix, 'ipv6');
}

/** WEBHOOK_ALLOWED_HOSTS, parsed: host names (exact, any case) and addresses or CIDR ranges. */
export interface TargetPolicy {
  hosts: ReadonlySet<string>;
  addresses: BlockList;
}

export function targetPolicy(allowed: readonly string[]): TargetPolicy {
  const hosts = new Set<string>();
  const addresses = new BlockList();
  for (const entry of allowed) {
    const [net, bits] = entry.split('/');
    const family = isIP(net ?? '');
    if (family && net) {
      const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
      addresses.addSubnet(net, prefix, family === 4 ? 'ipv4' : 'ipv6');
    } else {
      hosts.add(entry.toLowerCase());
    }
  }
  return { hosts, addresses };
}

/** Problems of WEBHOOK_ALLOWED_HOSTS entries, for the config's error message. */
export function allowedHostProblems(list: readonly string[]): string[] {
  return list.flatMap((entry) => {
    const [net, bits, extra] = entry.split('/');
    const family = isIP(net ?? '');
    if (bits === undefined && !extra) return family || /^[a-z0-9.-]+$/i.test(entry) ? [] : [`WEBHOOK_ALLOWED_HOSTS: "${entry}" is neither a host name nor an address`];
    const max = family === 4 ? 32 : 128;
    return family && !extra && /^\d{1,3}$/.test(bits ?? '') && Number(bits) <= max ? [] : [`WEBHOOK_ALLOWED_HOSTS: "${entry}" is not a CIDR range`];
  });
}

/** The hook URL as it will be called; 400 `invalid_webhook_url` naming what is wrong. */
export function parseWebhookUrl(raw: string): URL {
  const refuse = (why: string) => badRequest('invalid_webhook_url', `the webhook URL ${why}`, { field: 'url' });
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) throw refuse(`is longer than ${MAX_WEBHOOK_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('is not a URL');
  }
  if (url.protocol !== 'https:') throw refuse('must start with https://');
  if (url.username || url.password) throw refuse('must not carry a user name or password (the signature authenticates the server)');
  if (!url.hostname) throw refuse('has no host');
  return url;
}

/** Where a request to the URL's host would connect. */
export interface ResolvedTarget {
  address: string;
  family: 4 | 6;
}

export class TargetRefused extends Error {
  override readonly name = 'TargetRefused';
}

/**
 * Resolves the URL's host and returns the address to connect to, or throws `TargetRefused`
 * when any of its addresses is special and the host is not allowed (a name with one public and
 * one private address must not be a way in). DNS failures throw as they are (retryable).
 */
export async function resolveTarget(url: URL, policy: TargetPolicy): Promise<ResolvedTarget> {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const literal = isIP(host);
  const found = literal ? [{ address: host, family: literal }] : await lookup(host, { all: true, verbatim: true });
  if (!found.length) throw new Error(`${host} has no address`);
  const hostAllowed = policy.hosts.has(host);
  for (const { address, family } of found) {
    if (hostAllowed) break;
    const mapped = family === 6 ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] : undefined;
    // An IPv4-mapped IPv6 address reaches the IPv4 host: checked as that.
    const checked = mapped ?? address;
    const checkedType: 'ipv4' | 'ipv6' = mapped || family !== 6 ? 'ipv4' : 'ipv6';
    if (SPECIAL.check(checked, checkedType) && !policy.addresses.check(checked, checkedType)) {
      throw new TargetRefused(`${literal ? host : `${host} resolves to ${address}, which`} is a private, loopback or link-local address; an operator may allow it with WEBHOOK_ALLOWED_HOSTS`);
    }
  }
  const first = found[0] as { address: string; family: number };
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** At save time: 400 `webhook_url_refused` for a special address, `invalid_webhook_url` when the host does not resolve. */
export async function checkTarget(url: URL, policy: TargetPolicy): Promise<void> {
  try {
    await resolveTarget(url, policy);
  } catch (error: unknown) {
    if (error instanceof TargetRefused) throw badRequest('webhook_url_refused', error.message, { field: 'url' });
    throw badRequest('invalid_webhook_url', `the webhook URL's host ${url.hostname} does not resolve`, { field: 'url' });
  }
}
