import type { OrgPolicy, RetentionPlan } from '#policies';
import { ArtifactsError, errorFromResponse } from '../api/index.ts';
import { getAccessToken } from '../auth/index.ts';

/** `GET`/`PUT /api/admin/policy`. */
export interface StoredPolicy {
  orgId: string;
  policy: OrgPolicy;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** `POST /api/admin/retention/run`. */
export interface SweepReport {
  ran: true;
  at: string;
  durationMs: number;
  plan: RetentionPlan;
  deleted: { artifacts: number; versions: number };
  unpinned: string[];
}

export const adminApi = {
  policy: (signal?: AbortSignal) => call<StoredPolicy>('GET', '/api/admin/policy', undefined, signal),
  savePolicy: (policy: OrgPolicy, signal?: AbortSignal) => call<StoredPolicy>('PUT', '/api/admin/policy', policy, signal),
  runRetention: (signal?: AbortSignal) => call<SweepReport>('POST', '/api/admin/retention/run', undefined, signal),
};

/** The admin routes are for this page only, so they go through fetch here rather than the agents' SDK. */
async function call<T>(method: 'GET' | 'PUT' | 'POST', path: string, body: unknown, signal: AbortSignal | undefined): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${await getAccessToken()}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }), ...(signal ? { signal } : {}) });
  } catch (cause: unknown) {
    throw new ArtifactsError('Cannot reach the server.', 0, 'network_error', {}, { cause });
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw errorFromResponse(response.status, json);
  return json as T;
}
