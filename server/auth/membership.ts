import type { Logger } from '../log.ts';
import type { Authenticator, Session } from './index.ts';
import { AccessDenied } from '../errors.ts';
import { ATTR, SPAN, withSpan } from '../telemetry/index.ts';

/**
 * Where the truth about org membership lives. An access token says "member of acme" for its
 * whole lifetime (5 min in Keycloak); the IdP knows at once when an admin removes someone.
 */
export interface MembershipSource {
  /** The org aliases the user belongs to now; [] when the user no longer exists. Throws when the IdP cannot answer. */
  orgsOf(userId: string): Promise<string[]>;
}

export interface KeycloakAdminSettings {
  /** The realm URL, e.g. http://127.0.0.1:18180/realms/artifacts. */
  issuer: string;
  /** A confidential client whose service account has realm-management `view-users`. */
  clientId: string;
  clientSecret: string;
  fetch?: typeof fetch;
}

/**
 * Asks Keycloak's admin API which organizations a user belongs to, with a service-account
 * token (client credentials) that is renewed shortly before it expires.
 */
export function keycloakMembership(settings: KeycloakAdminSettings): MembershipSource {
  const doFetch = settings.fetch ?? fetch;
  const issuer = new URL(settings.issuer);
  const realm = issuer.pathname.replace(/^.*\/realms\//, '').replace(/\/+$/, '');
  const adminBase = `${issuer.origin}${issuer.pathname.replace(/\/realms\/[^/]+\/?$/, '')}/admin/realms/${realm}`;
  let token: { value: string; renewAtMs: number } | undefined;

  async function serviceToken(): Promise<string> {
    if (token && Date.now() < token.renewAtMs) return token.value;
    const response = await doFetch(`${settings.issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(settings.clientId)}:${encodeURIComponent(settings.clientSecret)}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) throw new Error(`the IdP refused the membership client's credentials (${response.status})`);
    const body = (await response.json()) as { access_token: string; expires_in: number };
    token = { value: body.access_token, renewAtMs: Date.now() + Math.max(5, body.expires_in - 30) * 1_000 };
    return token.value;
  }

  return {
    async orgsOf(userId) {
      const response = await doFetch(`${adminBase}/organizations/members/${encodeURIComponent(userId)}/organizations`, {
        headers: { authorization: `Bearer ${await serviceToken()}` },
        signal: AbortSignal.timeout(5_000),
      });
      if (response.status === 404) return [];
      if (response.status === 401) token = undefined; // revoked or rotated: fetch a new one next time
      if (!response.ok) throw new Error(`the IdP did not answer the membership query (${response.status})`);
      const orgs = (await response.json()) as { alias?: string; name?: string; enabled?: boolean }[];
      return orgs.filter((o) => o.enabled !== false).map((o) => o.alias ?? o.name ?? '').filter(Boolean);
    },
  };
}

/**
 * Checks that a token's org is still the user's org. Answers are cached for `intervalMs` per
 * user, so a request costs an IdP round trip at most once per interval; `recheck` ignores the
 * cache (the socket sweep). When the IdP cannot answer, the last answer stands (or the token's
 * word, if there is none): an IdP outage must not lock everyone out, and tokens still expire.
 */
export class MembershipGuard {
  private readonly cache = new Map<string, { orgs: string[]; atMs: number }>();

  constructor(
    private readonly source: MembershipSource,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  async isMember(session: Session, options: { fresh?: boolean } = {}): Promise<boolean> {
    if (!session.orgId) return true; // no org, no artifacts: nothing to take away
    const cached = this.cache.get(session.userId);
    if (!options.fresh && cached && Date.now() - cached.atMs < this.intervalMs) return cached.orgs.includes(session.orgId);
    // A span per question to the IdP (cache hits cost nothing): the org, fresh or not, the answer.
    return withSpan(SPAN.membershipCheck, { [ATTR.orgId]: session.orgId, [ATTR.membershipFresh]: options.fresh === true }, async (span) => {
      const { member, known } = await this.ask(session, cached);
      span.setAttribute(ATTR.membershipResult, known ? (member ? 'member' : 'not-member') : 'unknown');
      return member;
    });
  }

  /** The IdP's answer (cached), or the last one (or the token's word) when it cannot answer. */
  private async ask(session: Session, cached: { orgs: string[] } | undefined): Promise<{ member: boolean; known: boolean }> {
    try {
      const orgs = await this.source.orgsOf(session.userId);
      this.cache.set(session.userId, { orgs, atMs: Date.now() });
      return { member: orgs.includes(session.orgId), known: true };
    } catch (error) {
      this.logger.warn({ err: error, userId: session.userId }, 'org membership could not be checked; keeping the last answer');
      return { member: cached ? cached.orgs.includes(session.orgId) : true, known: false };
    }
  }

  /** An authenticator that also refuses tokens of people no longer in the org they name. */
  guard(inner: Authenticator): Authenticator {
    return {
      authenticate: async (token) => {
        const session = await inner.authenticate(token);
        if (!(await this.isMember(session))) throw new AccessDenied(session, 'not-a-member', `you are no longer a member of ${session.orgId}`);
        return session;
      },
    };
  }
}
