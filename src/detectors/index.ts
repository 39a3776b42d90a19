/** Detectors: inventory → findings. Entry point for other folders. */
export * from './contract.js';
export { builtinDetectors } from './registry.js';
