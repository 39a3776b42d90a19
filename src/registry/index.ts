/** Whole-registry work: scan every image once, listen for pushes, report on hygiene and retention. Entry point. */
export { parseTarget, type RegistryTarget } from './enumerate.js';
export { scanRegistry, type RegistryScanOptions, type RegistryScanResult, type RepositorySummary, type UniqueImage, type RegistryAccess } from './scan.js';
export { RegistryStore, defaultStatePath, type ImageScanSummary } from './store.js';
export { scanText } from './scan-text.js';
