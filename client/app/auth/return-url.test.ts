import { describe, expect, it } from 'vitest';
import { addressAfterSignIn, callbackUri, isOAuthFragment, pageToKeep, returnUri } from './return-url.ts';

const page = (pathname: string, search = '', hash = '') => ({ origin: 'http://127.0.0.1:8080', pathname, search, hash });

describe('the way back from the IdP', () => {
  it('always comes back to the app root, the one registered redirect URI', () => {
    expect(callbackUri(page('/a/abc/diff', '?from=1&to=live', '#section-x'))).toBe('http://127.0.0.1:8080/');
    expect(callbackUri(page('/'))).toBe('http://127.0.0.1:8080/');
    // "Try again" after a failed sign-in reloads the page itself, fragment left out.
    expect(returnUri(page('/a/abc/diff', '?from=1&to=live', '#section-x'))).toBe('http://127.0.0.1:8080/a/abc/diff?from=1&to=live');
  });

  it('tells an authorization answer from a section link', () => {
    expect(isOAuthFragment('#state=s&session_state=x&code=c&iss=http%3A%2F%2Fidp')).toBe(true);
    expect(isOAuthFragment('#error=access_denied&state=s')).toBe(true);
    expect(isOAuthFragment('#section-intro')).toBe(false);
    expect(isOAuthFragment('#code=abc')).toBe(false);
  });

  it('keeps the page asked for (query and section link included) and puts it back when the IdP answers at the root', () => {
    const kept = pageToKeep(page('/a/abc/diff', '?from=1&to=live', '#section-intro')) ?? null;
    expect(addressAfterSignIn(kept, page('/'), true)).toBe('/a/abc/diff?from=1&to=live#section-intro');
    expect(addressAfterSignIn(pageToKeep(page('/admin')) ?? null, page('/'), true)).toBe('/admin');
    // The root itself needs no change of address.
    expect(addressAfterSignIn(pageToKeep(page('/')) ?? null, page('/'), true)).toBeUndefined();
    // An authorization answer is not a page to come back to (keeping it would overwrite the page kept before).
    expect(pageToKeep(page('/', '', '#state=s&code=c'))).toBeUndefined();
  });

  it('puts a page back only on the load that is the IdP answer', () => {
    const kept = pageToKeep(page('/a/abc')) ?? null;
    // A later visit to the root, without an authorization answer, is not sent to a page kept for an abandoned login.
    expect(addressAfterSignIn(kept, page('/'), false)).toBeUndefined();
    expect(addressAfterSignIn(kept, page('/a/other'), true)).toBeUndefined();
    expect(addressAfterSignIn(kept, page('/', '', '#section-x'), true)).toBeUndefined();
  });

  it('ignores a kept value it did not write, and anything but a path of this origin', () => {
    expect(addressAfterSignIn(null, page('/'), true)).toBeUndefined();
    expect(addressAfterSignIn('not json', page('/'), true)).toBeUndefined();
    for (const value of [
      { path: '/a/x', hash: 'javascript:x' },
      { path: '//evil.example/', hash: '' },
      { path: '/\\evil.example', hash: '' },
      { path: 'https://evil.example/', hash: '' },
      { path: 5, hash: '' },
    ]) {
      expect(addressAfterSignIn(JSON.stringify(value), page('/'), true), JSON.stringify(value)).toBeUndefined();
    }
  });
});
