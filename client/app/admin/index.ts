export { AdminPage } from './admin-page.ts';
