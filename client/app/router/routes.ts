/** The pages this app knows. Anything else is a not-found page with a way home. */
export type Route =
  | { page: 'gallery' }
  | { page: 'live'; artifactId: string }
  | { page: 'not-found'; path: string };

const LIVE_PATH = /^\/a\/([^/]+)\/?$/;

/** Route for a URL path. Pure, so it can be tested without a browser. */
export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'gallery' };
  const live = LIVE_PATH.exec(pathname);
  if (live?.[1]) {
    const artifactId = safeDecode(live[1]);
    if (artifactId) return { page: 'live', artifactId };
  }
  return { page: 'not-found', path: pathname };
}

/** Path of an artifact's live page. */
export function livePath(artifactId: string): string {
  return `/a/${encodeURIComponent(artifactId)}`;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined; // a malformed escape is not an id we could ever have issued
  }
}
