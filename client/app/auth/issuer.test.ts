import { describe, expect, it } from 'vitest';
import { keycloakLocation } from './issuer.ts';

describe('keycloakLocation', () => {
  it.each([
    ['http://127.0.0.1:8080/realms/artifacts', 'http://127.0.0.1:8080', 'artifacts'],
    ['http://127.0.0.1:18180/realms/artifacts/', 'http://127.0.0.1:18180', 'artifacts'],
    ['https://sso.example.com/auth/realms/acme', 'https://sso.example.com/auth', 'acme'],
    ['https://sso.example.com/realms/my%20realm', 'https://sso.example.com', 'my realm'],
  ])('%s → url %s, realm %s', (issuer, url, realm) => {
    expect(keycloakLocation(issuer)).toEqual({ url, realm });
  });

  it.each(['https://accounts.example.com', 'https://idp.example.com/realms/', 'https://idp.example.com/realms/a/b', 'ftp://x/realms/a', 'not a url', 'https://x/realms/a?x=1'])(
    'refuses %s',
    (issuer) => {
      expect(() => keycloakLocation(issuer)).toThrow(/not a Keycloak realm URL/);
    },
  );
});
