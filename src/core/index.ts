/** Shared vocabulary of the whole pipeline. Imports nothing else from src/. */
export * from './errors.js';
export * from './severity.js';
export * from './layer.js';
export * from './package.js';
export * from './ecosystems.js';
export * from './finding.js';
export * from './image.js';
export * from './logger.js';
export * from './report.js';
export * from './redact.js';
export * from './progress.js';
export * from './version.js';
export * from './lazy.js';
export * from './dates.js';
export * from './webhook-signature.js';
export * from './arrays.js';
export * from './cloud-identity.js';
