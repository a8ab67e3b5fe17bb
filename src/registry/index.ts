// The registry layer: definition files → entries → a validated, versioned, queryable set.

export * from './entry.js';
export * from './errors.js';
export * from './kinds.js';
export * from './lock.js';
export * from './load.js';
export * from './refs.js';
export * from './graph.js';
export * from './validate.js';
export * from './find.js';
export * from './delta.js';
export * from './registry.js';
