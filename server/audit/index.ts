export * from './audit-log.ts';
export * from './actor.ts';
export * from './audit-writer.ts';
export * from './cursor.ts';
export * from './export-bundle.ts';
export * from './refusals.ts';
