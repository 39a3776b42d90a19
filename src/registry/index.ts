/** Whole-registry work: scan every image once, listen for pushes, report on hygiene and retention. Entry point. */
export { parseTarget } from './enumerate.js';
export { scanRegistry, type RegistryScanOptions } from './scan.js';
export { RegistryStore, defaultStatePath } from './store.js';
export { scanText } from './scan-text.js';
export { listen, type Listener } from './listen.js';
export { registryReport } from './report.js';
export { reportText } from './report-text.js';
export { loadPolicy } from './policy.js';
