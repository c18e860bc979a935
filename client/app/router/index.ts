export { livePath, parseRoute, type Route } from './routes.ts';
export { startRouter, type RouteListener } from './history-router.ts';
