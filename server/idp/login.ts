import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import { retryAfterText, type LoginThrottle } from './login-throttle.ts';
import { escapeHtml, layout, PAGE_HEADERS } from './pages.ts';
import { API_RESOURCE, DEFAULT_SCOPES, USERS } from './realm.ts';

/** Where oidc-provider sends the browser for an interaction, under the issuer path. */
export function interactionPath(mount: string, uid: string): string {
  return `${mount}/login-actions/${encodeURIComponent(uid)}`;
}

const MAX_FORM_BYTES = 8 * 1024;

/**
 * The login page of the embedded IdP: a user name and password form for the demo users
 * (password = user name). Consent is implied (every client is first-party), as in Keycloak
 * with consent switched off. The interaction cookie set by oidc-provider binds the form to the
 * browser that started the flow. Wrong passwords are throttled per account and per client
 * address (429 with a sentence saying when to try again); while throttled, not even the right
 * password is checked.
 */
export async function handleInteraction(provider: Provider, throttle: LoginThrottle, req: IncomingMessage, res: ServerResponse, clientAddress: (req: IncomingMessage) => string | null): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const clientName = (await provider.Client.find(details.params.client_id as string))?.clientName ?? String(details.params.client_id);
  if (details.prompt.name === 'consent') {
    await provider.interactionFinished(req, res, { consent: { grantId: await firstPartyGrant(provider, details.grantId, details.session?.accountId, details.params, details.prompt.details) } }, { mergeWithLastSubmission: true });
    return;
  }
  if (req.method === 'GET') return page(res, 200, clientName, '', undefined);
  if (req.method !== 'POST') return page(res, 405, clientName, '', 'Method not allowed.');

  const form = new URLSearchParams(await readBody(req));
  const username = form.get('username') ?? '';
  const address = clientAddress(req);
  const verdict = throttle.check(username, address);
  if (!verdict.allowed) {
    const message = `Too many failed sign-in attempts. Try again in ${retryAfterText(verdict.retryAfterMs)}.`;
    return page(res, 429, clientName, username, message, { 'retry-after': String(Math.ceil(verdict.retryAfterMs / 1000)) });
  }
  const user = USERS.find((u) => u.username === username);
  if (!user || form.get('password') !== user.username) {
    throttle.fail(username, address);
    return page(res, 400, clientName, username, 'Invalid username or password.');
  }
  throttle.succeed(username);
  const result: InteractionResults = { login: { accountId: user.id, amr: ['pwd'], remember: false } };
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

/**
 * Grants everything a first-party client asked for: its OIDC scopes and the scopes of the
 * resource it asked for (the API, or for the MCP client the MCP endpoint; which client may ask
 * for which resource was checked before consent, see `resourcesFor`).
 */
async function firstPartyGrant(provider: Provider, grantId: string | undefined, accountId: string | undefined, params: Record<string, unknown>, prompt: Record<string, unknown>): Promise<string> {
  const clientId = String(params.client_id);
  const grant = (grantId ? await provider.Grant.find(grantId) : undefined) ?? new provider.Grant({ accountId, clientId });
  const scope = typeof params.scope === 'string' ? params.scope : 'openid';
  grant.addOIDCScope(scope);
  const missing = prompt['missingResourceScopes'];
  const resources = missing && typeof missing === 'object' ? Object.keys(missing) : [];
  for (const resource of resources.length ? resources : [API_RESOURCE]) grant.addResourceScope(resource, DEFAULT_SCOPES.join(' '));
  return grant.save();
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_FORM_BYTES) throw new Error('form too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function page(res: ServerResponse, status: number, clientName: string, username: string, error: string | undefined, headers: Record<string, string> = {}): void {
  const body = `<p>to <strong>${escapeHtml(clientName)}</strong> (embedded development identity provider)</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" autocomplete="off">
<label for="username">Username</label><input id="username" name="username" value="${escapeHtml(username)}" autofocus required>
<label for="password">Password</label><input id="password" name="password" type="password" required>
<button type="submit">Sign in</button></form>
<p><small>Demo users: ${USERS.map((u) => escapeHtml(u.username)).join(', ')} (password = user name).</small></p>`;
  res.writeHead(status, { ...PAGE_HEADERS, ...headers }).end(layout('Sign in', body));
}
