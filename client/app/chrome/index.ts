export { renderTopBar } from './top-bar.ts';
