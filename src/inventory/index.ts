/** Inventory: per-layer analysis → one merged view. Entry point for other folders. */
export * from './contract.js';
export { buildInventory, type BuildInventoryOptions } from './merge.js';
export { applyLayers, type AppliedLayers } from './layers.js';
export { detectOs } from './os.js';
export { resolveInRoot, checkSymlinks } from './symlinks.js';
