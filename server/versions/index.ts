export * from './frozen-html.ts';
export * from './publisher.ts';
export * from './signed-link.ts';
export * from './usercontent.ts';
