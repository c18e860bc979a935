/** The document model: schema, typed accessors and the op language. Pure: no I/O, no clock. */
export * from './schema/index.ts';
export * from './ops/index.ts';
