/**
 * Artifact ids are also Hocuspocus document names and URL path segments. This is the only
 * function that decides whether a string is one.
 */
const ARTIFACT_ID = /^[a-z0-9]{16}$/;

export function parseArtifactId(value: string | undefined | null): string | undefined {
  return typeof value === 'string' && ARTIFACT_ID.test(value) ? value : undefined;
}

export const ARTIFACT_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const ARTIFACT_ID_LENGTH = 16;
