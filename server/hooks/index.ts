export { hookRoutes, type HookRoutesDeps } from './hook-routes.ts';
