/** The org policy every spec expects (the server's default), put back after a spec changes it. */
export const DEFAULT_POLICY = { enabled: true, orgWideSharing: 'everyone', retentionDays: { private: null, shared: null }, keepVersions: null } as const;

/**
 * Switches Live Artifacts on or off for acme as its org-admin (adam) would on /admin:
 * `PUT /api/admin/policy`. Switching off closes the org's open sockets (`feature_disabled`).
 */
export async function setFeatureEnabled(server: { url: string; token(user: string): Promise<string> }, enabled: boolean): Promise<void> {
  const response = await fetch(`${server.url}/api/admin/policy`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${await server.token('adam')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...DEFAULT_POLICY, enabled }),
  });
  if (!response.ok) throw new Error(`PUT /api/admin/policy → ${response.status} ${await response.text()}`);
}
