import { parseRoute, type Route } from './routes.ts';

export type RouteListener = (route: Route) => void;

/**
 * A tiny history-API router: same-origin link clicks and back/forward become route changes
 * without a page load. Returns a function that stops it.
 */
export function startRouter(onRoute: RouteListener): () => void {
  const emit = (): void => onRoute(parseRoute(location.pathname, location.search));

  const onClick = (event: MouseEvent): void => {
    const path = internalLinkTarget(event);
    if (path === undefined) return;
    event.preventDefault();
    if (path !== location.pathname + location.search + location.hash) {
      history.pushState(null, '', path);
      window.scrollTo(0, 0);
      emit();
    }
  };

  window.addEventListener('popstate', emit);
  window.addEventListener(NAVIGATE_EVENT, emit);
  document.addEventListener('click', onClick);
  emit();
  return () => {
    window.removeEventListener('popstate', emit);
    window.removeEventListener(NAVIGATE_EVENT, emit);
    document.removeEventListener('click', onClick);
  };
}

/** Fired on window by {@link navigate}; the router answers it like a link click. */
const NAVIGATE_EVENT = 'la-navigate';

/**
 * Goes to an app path from code (a select that changes the page, a finished action). `replace`
 * swaps the current history entry instead of adding one, for changes Back should skip.
 */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === location.pathname + location.search + location.hash) return;
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/**
 * The path of an anchor click that this app should handle itself, or undefined to let the
 * browser do its default (new tab, download, other origin, modified click...).
 */
function internalLinkTarget(event: MouseEvent): string | undefined {
  if (event.defaultPrevented || event.button !== 0) return undefined;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return undefined;
  const anchor = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
  if (!anchor || !anchor.href) return undefined;
  if ((anchor.target && anchor.target !== '_self') || anchor.hasAttribute('download')) return undefined;
  if (anchor.origin !== location.origin) return undefined;
  // Only paths this app renders; /api/... and anything the server owns load normally.
  if (parseRoute(anchor.pathname, anchor.search).page === 'not-found') return undefined;
  return anchor.pathname + anchor.search + anchor.hash;
}
