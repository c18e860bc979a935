export { ApiError } from './http.ts';
export { listArtifacts, type ArtifactSummary } from './artifacts.ts';
