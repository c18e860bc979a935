export * from './access.ts';
export * from './decide.ts';
export * from './governance.ts';
export * from './audit.ts';
