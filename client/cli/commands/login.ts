import { stringOption, type Command, type CommandContext } from '../command.ts';
import { CredentialStore, normalizeIssuer } from '../credentials.ts';
import { UsageError } from '../errors.ts';
import { println } from '../io.ts';
import { DEFAULT_CLI_CLIENT_ID, discover, isTokenError, LOGIN_AGAIN, LoginError, serverIssuer, tokenRequest, tokenSubject, toStoredLogin } from '../oidc.ts';
import { Interrupted } from '../errors.ts';

const ISSUER_OPTION = {
  type: 'string',
  valueName: '<realm url>',
  description: "OpenID issuer (default: $ARTIFACTS_ISSUER, else the server's /api/config)",
} as const;

/** `--issuer`, `$ARTIFACTS_ISSUER`, else what the server names in `GET /api/config`. */
export async function resolveIssuer(context: CommandContext, command: string): Promise<string> {
  const given = stringOption(context.values, 'issuer') || context.io.env['ARTIFACTS_ISSUER'];
  if (given) {
    try {
      new URL(given);
    } catch {
      throw new UsageError(`'${given}' is not a URL (expected e.g. http://127.0.0.1:18180/realms/artifacts)`, command);
    }
    return normalizeIssuer(given);
  }
  const issuer = await serverIssuer(context.baseUrl);
  if (issuer === null) throw new LoginError('no_login_needed', `${context.baseUrl} uses the development identity (its /api/config says "oidc": null); no login is needed`);
  if (issuer === undefined) throw new LoginError('no_issuer', `could not ask ${context.baseUrl}/api/config for its issuer; pass --issuer <realm url> or set ARTIFACTS_ISSUER`);
  return issuer;
}

export const loginCommand: Command = {
  name: 'login',
  summary: 'log in to the identity provider and store the tokens for the other commands',
  positionals: [],
  options: {
    issuer: ISSUER_OPTION,
    'client-credentials': { type: 'boolean', description: 'log in as a pipeline (client credentials; secret from $ARTIFACTS_CLIENT_SECRET)' },
    'client-id': { type: 'string', valueName: '<id>', description: `OAuth client (default: ${DEFAULT_CLI_CLIENT_ID}; required with --client-credentials)` },
  },
  details: [
    'A person logs in with the OAuth device authorization grant: the command prints a URL and a',
    'code, you open the URL in any browser (on any machine), enter the code and sign in. The',
    'command waits until you approve (Ctrl-C cancels).',
    '',
    'A pipeline logs in with client credentials. The secret is read from ARTIFACTS_CLIENT_SECRET,',
    'never from the command line (where `ps` would show it), and is needed again to renew the token:',
    '  ARTIFACTS_CLIENT_SECRET=... artifacts login --client-credentials --client-id artifacts-agent',
    '',
    'Tokens are stored per issuer in ${XDG_CONFIG_HOME:-~/.config}/live-artifacts/credentials.json',
    '(mode 0600; ARTIFACTS_CREDENTIALS overrides the path) and renewed when they have under 30 s',
    'left. ARTIFACTS_TOKEN, when set, wins over the stored login. Tokens are never printed.',
    '',
    'Examples:',
    '  artifacts login                                                  # issuer from the server',
    '  artifacts login --issuer http://127.0.0.1:18180/realms/artifacts',
    '  artifacts logout',
  ].join('\n'),
  async run(context) {
    const clientCredentials = context.values['client-credentials'] === true;
    const clientId = stringOption(context.values, 'client-id') || (clientCredentials ? undefined : DEFAULT_CLI_CLIENT_ID);
    if (clientId === undefined) throw new UsageError('--client-credentials needs --client-id <id>', 'login');
    const secret = context.io.env['ARTIFACTS_CLIENT_SECRET'];
    if (clientCredentials && !secret) throw new UsageError('--client-credentials reads the client secret from ARTIFACTS_CLIENT_SECRET, which is not set', 'login');
    const issuer = await resolveIssuer(context, 'login');
    const store = new CredentialStore(context.io.env);

    const stop = new AbortController();
    const unsubscribe = context.io.onInterrupt(() => stop.abort());
    try {
      const metadata = await discover(issuer, stop.signal);
      const base = { issuer, clientId, tokenEndpoint: metadata.token_endpoint };
      if (clientCredentials) {
        const result = await tokenRequest(metadata.token_endpoint, { grant_type: 'client_credentials' }, stop.signal, { clientId, secret: secret ?? '' });
        if (isTokenError(result)) throw new LoginError('login_failed', `${issuer} refused the client credentials of ${clientId} (${result.error}: ${result.description})`);
        store.save(toStoredLogin({ ...base, grant: 'client_credentials' }, result));
        println(context.io.stderr, `Logged in to ${issuer} as ${tokenSubject(result.access_token) ?? clientId} (client ${clientId}).`);
        return;
      }
      const tokens = await deviceLogin(context, metadata.device_authorization_endpoint, metadata.token_endpoint, issuer, clientId, stop.signal);
      store.save(toStoredLogin({ ...base, grant: 'device' }, tokens));
      println(context.io.stderr, `Logged in to ${issuer} as ${tokenSubject(tokens.access_token) ?? 'you'}.`);
    } catch (error: unknown) {
      if (stop.signal.aborted) {
        println(context.io.stderr, 'Login cancelled.');
        throw new Interrupted();
      }
      throw error;
    } finally {
      unsubscribe();
    }
  },
};

/** RFC 8628: ask for a code, show it, poll the token endpoint until the person approves. */
async function deviceLogin(context: CommandContext, deviceEndpoint: string | undefined, tokenEndpoint: string, issuer: string, clientId: string, signal: AbortSignal) {
  if (!deviceEndpoint) throw new LoginError('no_device_flow', `${issuer} does not offer the device authorization grant; use --client-credentials or ARTIFACTS_TOKEN`);
  let response: Response;
  try {
    response = await fetch(deviceEndpoint, { method: 'POST', body: new URLSearchParams({ client_id: clientId, scope: 'openid' }), signal });
  } catch (cause: unknown) {
    if (signal.aborted) throw cause;
    throw new LoginError('issuer_unreachable', `could not reach ${deviceEndpoint}`);
  }
  const device = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof device['device_code'] !== 'string' || typeof device['user_code'] !== 'string') {
    const reason = typeof device['error_description'] === 'string' ? device['error_description'] : `HTTP ${response.status}`;
    throw new LoginError('login_failed', `${issuer} refused to start a device login for ${clientId} (${reason})`);
  }
  const verification = String(device['verification_uri'] ?? '');
  const complete = typeof device['verification_uri_complete'] === 'string' ? device['verification_uri_complete'] : undefined;
  const out = context.io.stdout;
  println(out, `To log in, open ${verification} in a browser and enter the code ${device['user_code']}`);
  if (complete) println(out, `(or open ${complete})`);
  println(out, 'Waiting for approval… (Ctrl-C to cancel)');

  let interval = Math.max(1, Number(device['interval']) || 5);
  const expiresIn = Number(device['expires_in']) || 600;
  const deadline = Date.now() + expiresIn * 1000;
  for (;;) {
    await sleep(interval * 1000, signal);
    const result = await tokenRequest(tokenEndpoint, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: device['device_code'], client_id: clientId }, signal);
    if (!isTokenError(result)) return result;
    switch (result.error) {
      case 'authorization_pending':
        break;
      case 'slow_down':
        interval += 5;
        break;
      case 'expired_token':
        throw new LoginError('login_expired', `the code expired before it was approved; ${LOGIN_AGAIN}`);
      case 'access_denied':
        throw new LoginError('login_denied', 'the login was denied in the browser');
      default:
        throw new LoginError('login_failed', `${issuer} refused the login (${result.error}: ${result.description})`);
    }
    if (Date.now() > deadline) throw new LoginError('login_expired', `the code expired before it was approved; ${LOGIN_AGAIN}`);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Interrupted());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Interrupted());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export { ISSUER_OPTION };
