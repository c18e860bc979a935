import { ArtifactsError } from './artifacts-error.ts';

/** Ids are validated by the server; encoding keeps a bad one from escaping its path segment. */
export function artifactPath(id: string): string {
  return `/api/artifacts/${encodeURIComponent(id)}`;
}

/** A version's API path; `n` is an integer, so it needs no encoding. */
export function versionPath(id: string, n: number): string {
  return `${artifactPath(id)}/versions/${n}`;
}

export function badResponse(call: string): ArtifactsError {
  return new ArtifactsError(`the server sent an unexpected answer to ${call}`, 200, 'bad_response');
}
