export { renderTopBar } from './top-bar.ts';
export { asApiError, failureTitle, renderFailure, renderLoading, type FailureNotice } from './notices.ts';
export { track, type Loadable } from './loadable.ts';
