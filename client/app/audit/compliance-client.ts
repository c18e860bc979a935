import type { AuditEventRow, ChainVerification, CompliancePage, ComplianceArtifactRow } from '#shared/api';
import { ArtifactsError, errorFromResponse } from '../api/index.ts';
import { getAccessToken } from '../auth/index.ts';

/**
 * The compliance API for the /audit page. The token travels only in the Authorization header
 * (never in a URL), which is why exports are fetched and handed to the browser as a blob
 * rather than linked to.
 */
async function request(path: string, signal?: AbortSignal): Promise<Response> {
  const token = await getAccessToken();
  let response: Response;
  try {
    response = await fetch(path, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' }, ...(signal ? { signal } : {}) });
  } catch (cause: unknown) {
    if (signal?.aborted) throw cause;
    throw new ArtifactsError('could not reach the server', 0, 'network_error', {}, { cause });
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

async function errorOf(response: Response): Promise<ArtifactsError> {
  return errorFromResponse(response.status, await response.json().catch(() => undefined));
}

export const compliance = {
  async events(query: string, signal?: AbortSignal): Promise<CompliancePage<AuditEventRow>> {
    return (await request(`/api/compliance/events?${query}`, signal)).json() as Promise<CompliancePage<AuditEventRow>>;
  },
  async artifacts(query: string, signal?: AbortSignal): Promise<CompliancePage<ComplianceArtifactRow>> {
    return (await request(`/api/compliance/artifacts?${query}`, signal)).json() as Promise<CompliancePage<ComplianceArtifactRow>>;
  },
  async verify(signal?: AbortSignal): Promise<ChainVerification> {
    return (await request('/api/compliance/verify', signal)).json() as Promise<ChainVerification>;
  },
  /** Downloads an artifact's export zip (the server records it as 'exported'). */
  async downloadExport(artifactId: string): Promise<void> {
    const response = await request(`/api/compliance/artifacts/${encodeURIComponent(artifactId)}/export`);
    const url = URL.createObjectURL(await response.blob());
    try {
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = `${artifactId}-export.zip`;
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
    } finally {
      // Give the browser a moment to start the download before the blob goes.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    }
  },
};
