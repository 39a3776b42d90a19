/** Inventory: per-layer analysis → one merged view. Entry point for other folders. */
export * from './contract.js';
