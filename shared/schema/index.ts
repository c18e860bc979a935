export * from './types.ts';
export * from './doc.ts';
export * from './write.ts';
export * from './ids.ts';
