export * from './access.ts';
export * from './governance.ts';
export * from './audit.ts';
