export { renderTopBar } from './top-bar.ts';
export { asApiError, failureTitle, renderFailure, renderLoading, type FailureNotice } from './notices.ts';
export type { Loadable } from './loadable.ts';
export { LoadController, type LoadOptions } from './load-controller.ts';
export { PagedController, type Page, type Paged, type PagedOptions } from './paged-controller.ts';
export { ConnectedSignal } from './connected-signal.ts';
