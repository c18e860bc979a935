import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { parseTrustedProxies, publicRequestUrl, resolveClient, trustedProxyProblems, type HeaderBag } from './client-address.ts';

const NGINX = parseTrustedProxies('127.0.0.1');
const CHAIN = parseTrustedProxies('10.0.0.0/8, 192.168.1.5, 2001:db8::/32');

describe('resolveClient: who the client is', () => {
  const rows: [name: string, peer: string | undefined, headers: HeaderBag, trusted: readonly string[], expected: string | null][] = [
    ['no proxies trusted: the peer, whatever the header says', '203.0.113.9', { 'x-forwarded-for': '1.2.3.4' }, [], '203.0.113.9'],
    ['a spoofed header from an untrusted peer is ignored', '203.0.113.9', { 'x-forwarded-for': '127.0.0.1' }, NGINX, '203.0.113.9'],
    ['the trusted proxy forwards the client', '127.0.0.1', { 'x-forwarded-for': '198.51.100.7' }, NGINX, '198.51.100.7'],
    ['what the client prepended is ignored (right-most untrusted wins)', '127.0.0.1', { 'x-forwarded-for': '6.6.6.6, 198.51.100.7' }, NGINX, '198.51.100.7'],
    ['a chain of trusted proxies is walked to the first untrusted hop', '10.1.2.3', { 'x-forwarded-for': '6.6.6.6, 198.51.100.7, 192.168.1.5, 10.9.9.9' }, CHAIN, '198.51.100.7'],
    ['repeated headers count as one list, in order', '10.1.2.3', { 'x-forwarded-for': ['6.6.6.6, 198.51.100.7', '10.0.0.2'] }, CHAIN, '198.51.100.7'],
    ['only trusted hops: the left-most of them', '10.1.2.3', { 'x-forwarded-for': '10.0.0.9, 192.168.1.5' }, CHAIN, '10.0.0.9'],
    ['a trusted peer without the header is the client itself', '127.0.0.1', {}, NGINX, '127.0.0.1'],
    ['a garbage hop ends the walk at the last known address', '10.1.2.3', { 'x-forwarded-for': '6.6.6.6, unknown, 10.0.0.2' }, CHAIN, '10.0.0.2'],
    ['an IPv4-mapped peer matches an IPv4 entry', '::ffff:127.0.0.1', { 'x-forwarded-for': '198.51.100.7' }, NGINX, '198.51.100.7'],
    ['an IPv4-mapped peer reads as IPv4 when untrusted', '::ffff:203.0.113.9', { 'x-forwarded-for': '1.2.3.4' }, NGINX, '203.0.113.9'],
    ['an IPv4-mapped hop reads as IPv4', '127.0.0.1', { 'x-forwarded-for': '::ffff:198.51.100.7' }, NGINX, '198.51.100.7'],
    ['an IPv6 proxy range', '2001:db8::1', { 'x-forwarded-for': '2001:db9::42' }, CHAIN, '2001:db9::42'],
    ['an IPv6 peer outside the range is not trusted', '2001:db9::1', { 'x-forwarded-for': '1.2.3.4' }, CHAIN, '2001:db9::1'],
    ['hops with ports and brackets', '127.0.0.1', { 'x-forwarded-for': '[2001:db9::42]:443' }, NGINX, '2001:db9::42'],
    ['IPv4 hop with a port', '127.0.0.1', { 'x-forwarded-for': '198.51.100.7:5555' }, NGINX, '198.51.100.7'],
    ['::1 is not 127.0.0.1', '::1', { 'x-forwarded-for': '1.2.3.4' }, NGINX, '::1'],
    ['no peer at all (an in-process request)', undefined, { 'x-forwarded-for': '1.2.3.4' }, NGINX, null],
  ];
  it.each(rows)('%s', (_name, peer, headers, trusted, expected) => {
    expect(resolveClient(peer, headers, trusted).address).toBe(expected);
  });

  it('takes scheme and host only from a trusted proxy', () => {
    const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'artifacts.example.com' };
    expect(resolveClient('127.0.0.1', headers, NGINX)).toMatchObject({ proto: 'https', host: 'artifacts.example.com' });
    expect(resolveClient('203.0.113.9', headers, NGINX)).toMatchObject({ proto: undefined, host: undefined });
    // Not a scheme, not a host: ignored rather than put into links.
    expect(resolveClient('127.0.0.1', { 'x-forwarded-proto': 'javascript', 'x-forwarded-host': 'evil.com/path?' }, NGINX)).toMatchObject({ proto: undefined, host: undefined });
    expect(publicRequestUrl('http://10.0.0.5:8080/api/artifacts?x=1', { proto: 'https', host: 'artifacts.example.com' }).href).toBe('https://artifacts.example.com/api/artifacts?x=1');
    expect(publicRequestUrl('http://10.0.0.5:8080/a', { proto: undefined, host: 'a:b:c' }).href).toBe('http://10.0.0.5:8080/a');
  });
});

describe('TRUSTED_PROXIES', () => {
  it('accepts addresses and CIDR ranges of both families', () => {
    expect(trustedProxyProblems('127.0.0.1, 10.0.0.0/8, ::1, fd00::/8, ::ffff:192.168.0.1')).toEqual([]);
    expect(parseTrustedProxies(' 127.0.0.1 ,, 10.0.0.0/8 ')).toEqual(['127.0.0.1', '10.0.0.0/8']);
  });

  it('names every bad entry, and the config refuses to start with them', () => {
    expect(trustedProxyProblems('nginx, 10.0.0.0/33, 1.2.3.4/8/9, ::1/129')).toHaveLength(4);
    expect(() => loadConfig({ TRUSTED_PROXIES: '127.0.0.1, nginx' })).toThrow(/TRUSTED_PROXIES: "nginx"/);
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ TRUSTED_PROXIES: '127.0.0.1' }).trustedProxies).toEqual(['127.0.0.1']);
  });
});
