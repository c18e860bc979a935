/** One side of a comparison: a version number, or the live document. */
export type DiffSide = number | 'live';

/** The pages this app knows. Anything else is a not-found page with a way home. */
export type Route =
  | { page: 'gallery'; q: string; kind: string; show: string; sort: string }
  | { page: 'live'; artifactId: string }
  | { page: 'history'; artifactId: string }
  | { page: 'version'; artifactId: string; version: number }
  /** `from`/`to` are undefined when the URL leaves them out or spells them wrong; the page picks. */
  | { page: 'diff'; artifactId: string; from: DiffSide | undefined; to: DiffSide | undefined }
  /** Org policy and retention, for org-admins. */
  | { page: 'admin' }
  /** The org's audit trail, verification and exports, for auditors. */
  | { page: 'audit' }
  | { page: 'not-found'; path: string };

/** `/a/:id` followed by nothing, `/history`, `/v/:n` or `/diff` (a trailing slash is fine). */
const ARTIFACT_PATH = /^\/a\/([^/]+)(?:\/(history|diff|v\/([^/]+)))?\/?$/;

/**
 * Route for a URL path and query. Pure, so it can be tested without a browser. The query
 * matters only where a page reads it (gallery filters, the sides of a diff).
 */
export function parseRoute(pathname: string, search = ''): Route {
  const query = new URLSearchParams(search);
  if (pathname === '/' || pathname === '')
    return { page: 'gallery', q: query.get('q') ?? '', kind: query.get('kind') ?? '', show: query.get('show') ?? '', sort: query.get('sort') ?? '' };
  if (pathname === ADMIN_PATH || pathname === `${ADMIN_PATH}/`) return { page: 'admin' };
  if (pathname === AUDIT_PATH || pathname === `${AUDIT_PATH}/`) return { page: 'audit' };
  const match = ARTIFACT_PATH.exec(pathname);
  const artifactId = match?.[1] ? safeDecode(match[1]) : undefined;
  if (match && artifactId) {
    const [, , sub, versionSegment] = match;
    if (sub === undefined) return { page: 'live', artifactId };
    if (sub === 'history') return { page: 'history', artifactId };
    if (sub === 'diff') return { page: 'diff', artifactId, from: parseSide(query.get('from')), to: parseSide(query.get('to')) };
    const version = parseVersionNumber(versionSegment);
    if (version !== undefined) return { page: 'version', artifactId, version };
  }
  return { page: 'not-found', path: pathname };
}

/** A version number as URLs spell it: a positive decimal integer, nothing else. */
export function parseVersionNumber(text: string | null | undefined): number | undefined {
  if (!text || !/^[1-9]\d{0,9}$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

export function parseSide(text: string | null | undefined): DiffSide | undefined {
  return text === 'live' ? 'live' : parseVersionNumber(text);
}

/** Path of the gallery, with its filters when set. */
export function galleryPath(filters: { q?: string; kind?: string; show?: string; sort?: string } = {}): string {
  const query = new URLSearchParams();
  if (filters.q) query.set('q', filters.q);
  if (filters.kind) query.set('kind', filters.kind);
  if (filters.show) query.set('show', filters.show);
  if (filters.sort) query.set('sort', filters.sort);
  const search = query.toString();
  return search ? `/?${search}` : '/';
}

export const ADMIN_PATH = '/admin';

export const AUDIT_PATH = '/audit';

/** Path of an artifact's live page. */
export function livePath(artifactId: string): string {
  return `/a/${encodeURIComponent(artifactId)}`;
}

export function historyPath(artifactId: string): string {
  return `${livePath(artifactId)}/history`;
}

export function versionPath(artifactId: string, version: number): string {
  return `${livePath(artifactId)}/v/${version}`;
}

export function diffPath(artifactId: string, from: DiffSide, to: DiffSide): string {
  return `${livePath(artifactId)}/diff?${new URLSearchParams({ from: String(from), to: String(to) })}`;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined; // a malformed escape is not an id we could ever have issued
  }
}
