import { createHash } from 'node:crypto';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';

/** The embedded IdP's pages: one plain layout, no scripts, no external resources. */
export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)} · Live Artifacts</title>
<style>body{font:16px system-ui,sans-serif;max-width:24rem;margin:4rem auto;padding:0 1rem}label{display:block;margin:.8rem 0 .2rem}
input{width:100%;padding:.5rem;box-sizing:border-box}button{margin-top:1.2rem;padding:.5rem 1.2rem}.error{color:#b00020}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
} as const;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function send(ctx: KoaContextWithOIDC, html: string, csp: string = PAGE_HEADERS['content-security-policy']): void {
  ctx.type = 'html';
  ctx.set('content-security-policy', csp);
  ctx.body = html;
}

/** Submits the sign-out form at once; allowed by its hash, no other script runs on these pages. */
const AUTO_SUBMIT = "document.getElementById('op.logoutForm').submit()";
const AUTO_SUBMIT_CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${createHash('sha256').update(AUTO_SUBMIT).digest('base64')}'; form-action 'self'; frame-ancestors 'none'`;

/** `renderError` and the device-flow pages in the same layout (oidc-provider supplies the forms). */
export const PAGES: Pick<Configuration, 'renderError'> & {
  logout: { logoutSource: NonNullable<RpLogout['logoutSource']>; postLogoutSuccessSource: NonNullable<RpLogout['postLogoutSuccessSource']> };
  device: { userCodeInputSource: NonNullable<DeviceFlow['userCodeInputSource']>; userCodeConfirmSource: NonNullable<DeviceFlow['userCodeConfirmSource']>; successSource: NonNullable<DeviceFlow['successSource']> };
} = {
  renderError(ctx, out) {
    const text = out.error_description ?? out.error;
    send(ctx, layout('Sign-in error', `<p class="error" role="alert">${escapeHtml(String(text))}</p><p>Go back to the application and start again.</p>`));
  },
  logout: {
    /**
     * Like Keycloak: a sign-out the app asks for with a valid `id_token_hint` (keycloak-js sends
     * one) goes through at once; without it the user confirms. The form carries oidc-provider's
     * xsrf token, so another site cannot sign anyone out.
     */
    logoutSource(ctx, form) {
      if (ctx.oidc.params?.id_token_hint) {
        const auto = form.replace('</form>', '<input type="hidden" name="logout" value="yes"></form>');
        send(ctx, layout('Signing out', `<p>Signing you out…</p>${auto}<noscript><button type="submit" form="op.logoutForm">Sign out</button></noscript><script>${AUTO_SUBMIT}</script>`), AUTO_SUBMIT_CSP);
        return;
      }
      send(ctx, layout('Sign out', `<p>Sign out of Live Artifacts?</p>${form}<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Sign out</button>`));
    },
    postLogoutSuccessSource(ctx) {
      send(ctx, layout('Signed out', '<p>You are signed out. Go back to the application to sign in again.</p>'));
    },
  },
  device: {
    userCodeInputSource(ctx, form, _out, error) {
      const message = error ? '<p class="error" role="alert">That code is not valid or has expired.</p>' : '';
      send(ctx, layout('Connect a device', `${message}<p>Enter the code shown on your device.</p>${form}<button type="submit" form="op.deviceInputForm">Continue</button>`));
    },
    userCodeConfirmSource(ctx, form, client, _deviceInfo, userCode) {
      const name = client.clientName ?? client.clientId;
      send(ctx, layout('Connect a device', `<p><strong>${escapeHtml(name)}</strong> asks to sign in. Check that your device shows <strong>${escapeHtml(userCode)}</strong>.</p>${form}<button type="submit" form="op.deviceConfirmForm">Continue</button>`));
    },
    successSource(ctx) {
      send(ctx, layout('Device connected', '<p>You are signed in on your device and can close this window.</p>'));
    },
  },
};

type DeviceFlow = NonNullable<NonNullable<NonNullable<Configuration['features']>['deviceFlow']>>;
type RpLogout = NonNullable<NonNullable<NonNullable<Configuration['features']>['rpInitiatedLogout']>>;
