export * from './types.js';
export * from './policy-schema.js';
export type * from './classify/types.js';
export * from './targets.js';
export * from './classify/index.js';
