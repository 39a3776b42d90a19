/** Cache housekeeping for entry points (`bulwark cache clean`). */
import { cleanCache, defaultCacheDir } from '../cache/index.js';
import { LAYER_CACHE_NAMESPACE } from './options.js';

export { defaultCacheDir };

/** Removes the layer cache (or the given namespaces) under `dir`; true when something was there. */
export function cleanScanCache(dir: string, namespaces?: readonly string[]): boolean {
  return cleanCache(dir, namespaces ?? [LAYER_CACHE_NAMESPACE]);
}
