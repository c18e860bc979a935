export { VersionPage } from './version-page.ts';
