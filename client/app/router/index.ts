export {
  ADMIN_PATH,
  AUDIT_PATH,
  diffPath,
  galleryPath,
  historyPath,
  livePath,
  parseRoute,
  parseSide,
  parseVersionNumber,
  versionPath,
  type DiffSide,
  type Route,
} from './routes.ts';
export { navigate, startRouter, type RouteListener } from './history-router.ts';
