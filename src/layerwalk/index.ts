/** Layer walk: stream each layer once (or a directory) and dispatch entries to analyzers. Entry point. */
export { walkLayer, DEFAULT_LIMITS, type WalkLimits, type WalkLayerOptions } from './walk-layer.js';
export { walkImage, sharedWalks, layerCacheKey, WALK_FORMAT, type WalkImageOptions, type SharedWalks } from './walk-image.js';
export { walkDirectory, PSEUDO_LAYER, type WalkDirOptions } from './walk-dir.js';
export { cleanEntryPath, whiteoutOf } from './entry-path.js';
export { DEFAULT_MAX_CONTENT_BYTES } from './dispatch.js';
