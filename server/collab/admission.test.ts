import { describe, expect, it } from 'vitest';
import { addressKey, SocketAdmission } from './admission.ts';

describe('SocketAdmission', () => {
  it('caps sockets per address and in all, and gives a slot back once per release', () => {
    const admission = new SocketAdmission({ maxSockets: 3, maxSocketsPerAddress: 2 });
    const a1 = admission.admit('10.0.0.1');
    const a2 = admission.admit('10.0.0.1');
    expect(admission.admit('10.0.0.1')).toEqual({ status: 429, scope: 'address' });
    const b1 = admission.admit('10.0.0.2');
    expect(admission.admit('10.0.0.3')).toEqual({ status: 503, scope: 'total' });
    expect(admission.stats).toEqual({ total: 3, addresses: 2 });
    if (!('release' in a1) || !('release' in a2) || !('release' in b1)) throw new Error('expected admissions');
    a1.release();
    a1.release();
    expect(admission.stats).toEqual({ total: 2, addresses: 2 });
    expect('release' in admission.admit('10.0.0.1')).toBe(true);
    b1.release();
    expect(admission.admit('10.0.0.1')).toEqual({ status: 429, scope: 'address' });
    expect('release' in admission.admit('10.0.0.2')).toBe(true);
  });

  it('counts IPv6 peers per /64 and IPv4 per address', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey(null)).toBe('unknown');
  });
});
