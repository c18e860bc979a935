import { describe, expect, it } from 'vitest';
import { addressAfterSignIn, hashToKeep, isOAuthFragment, returnUri } from './return-url.ts';

const page = (pathname: string, search = '', hash = '') => ({ origin: 'http://127.0.0.1:8080', pathname, search, hash });

describe('the way back from the IdP', () => {
  it('returns to the page asked for, query included, fragment left out', () => {
    expect(returnUri(page('/a/abc/diff', '?from=1&to=live', '#section-x'))).toBe('http://127.0.0.1:8080/a/abc/diff?from=1&to=live');
    expect(returnUri(page('/'))).toBe('http://127.0.0.1:8080/');
  });

  it('tells an authorization answer from a section link', () => {
    expect(isOAuthFragment('#state=s&session_state=x&code=c&iss=http%3A%2F%2Fidp')).toBe(true);
    expect(isOAuthFragment('#error=access_denied&state=s')).toBe(true);
    expect(isOAuthFragment('#section-intro')).toBe(false);
    expect(isOAuthFragment('#code=abc')).toBe(false);
  });

  it('keeps a section link for the round trip, and puts it back on the same page only', () => {
    const kept = hashToKeep(page('/a/abc', '', '#section-intro'));
    expect(kept).toBeDefined();
    expect(hashToKeep(page('/a/abc'))).toBeUndefined();
    expect(hashToKeep(page('/a/abc', '', '#state=s&code=c'))).toBeUndefined();
    expect(addressAfterSignIn(kept ?? null, page('/a/abc'))).toBe('/a/abc#section-intro');
    expect(addressAfterSignIn(kept ?? null, page('/a/other'))).toBeUndefined();
    expect(addressAfterSignIn(kept ?? null, page('/a/abc', '', '#section-other'))).toBeUndefined();
  });

  it('ignores a kept value it did not write', () => {
    expect(addressAfterSignIn(null, page('/'))).toBeUndefined();
    expect(addressAfterSignIn('not json', page('/'))).toBeUndefined();
    expect(addressAfterSignIn(JSON.stringify({ path: '/', hash: 'javascript:x' }), page('/'))).toBeUndefined();
  });
});
