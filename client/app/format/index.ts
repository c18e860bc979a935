export { formatFullTime, formatRelativeTime } from './relative-time.ts';
export { commitUrl, plural, shortCommit, sideLabel, sideShortLabel } from './version-info.ts';
export { formatBytes } from '#shared/diff';
