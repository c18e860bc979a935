export * from './op-schema.ts';
export * from './errors.ts';
export * from './limits.ts';
export * from './validate.ts';
export * from './apply.ts';
export * from './document-shape.ts';
