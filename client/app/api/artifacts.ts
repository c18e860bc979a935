import { ApiError, getJSON, isRecord } from './http.ts';

/** One row of `GET /api/artifacts`. */
export interface ArtifactSummary {
  id: string;
  title: string;
  kind: string;
  owner: string;
  visibility: string;
  /** ISO 8601. */
  updatedAt: string;
  latestVersion: number | null;
}

/** The artifacts the caller may see, newest first. */
export async function listArtifacts(signal?: AbortSignal): Promise<ArtifactSummary[]> {
  const body = await getJSON('/api/artifacts', signal);
  if (!isRecord(body) || !Array.isArray(body['artifacts'])) {
    throw new ApiError('The server sent an unexpected answer.', 200, 'bad_response');
  }
  return body['artifacts'].filter(isRecord).map(toSummary).sort(newestFirst);
}

function toSummary(row: Record<string, unknown>): ArtifactSummary {
  const text = (key: string): string => (typeof row[key] === 'string' ? row[key] : '');
  const version = row['latestVersion'];
  return {
    id: text('id'),
    title: text('title'),
    kind: text('kind'),
    owner: text('owner'),
    visibility: text('visibility'),
    updatedAt: text('updatedAt'),
    latestVersion: typeof version === 'number' ? version : null,
  };
}

function newestFirst(a: ArtifactSummary, b: ArtifactSummary): number {
  return (Date.parse(b.updatedAt) || 0) - (Date.parse(a.updatedAt) || 0);
}
