export { AppShell } from './app-shell.ts';
