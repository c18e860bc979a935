import type { Command } from '../command.ts';
import { CredentialStore } from '../credentials.ts';
import { println } from '../io.ts';
import { discover } from '../oidc.ts';
import { ISSUER_OPTION, resolveIssuer } from './login.ts';

export const logoutCommand: Command = {
  name: 'logout',
  summary: 'forget the stored login for the issuer and revoke its refresh token',
  positionals: [],
  options: { issuer: ISSUER_OPTION },
  details: [
    'Removes the issuer\'s entry from the credentials file. When the issuer offers a',
    'revocation endpoint, the refresh token is revoked there too (failures are ignored: the',
    'local copy is gone either way). ARTIFACTS_TOKEN is not affected.',
  ].join('\n'),
  async run(context) {
    const issuer = await resolveIssuer(context, 'logout');
    const login = new CredentialStore(context.io.env).remove(issuer);
    if (!login) {
      println(context.io.stderr, `Not logged in to ${issuer}.`);
      return;
    }
    if (login.refreshToken) await revoke(issuer, login.clientId, login.refreshToken);
    println(context.io.stderr, `Logged out of ${issuer}.`);
  },
};

async function revoke(issuer: string, clientId: string, refreshToken: string): Promise<void> {
  try {
    const endpoint = (await discover(issuer, AbortSignal.timeout(5_000))).revocation_endpoint;
    if (!endpoint) return;
    await fetch(endpoint, {
      method: 'POST',
      body: new URLSearchParams({ client_id: clientId, token: refreshToken, token_type_hint: 'refresh_token' }),
      signal: AbortSignal.timeout(5_000),
    });
  } catch {
    // Best effort: the stored copy is already deleted.
  }
}
