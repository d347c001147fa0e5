export * from './types.js';
export * from './policy-schema.js';
export type * from './classify/types.js';
