/** The merged view of a target after the layer walk: what detectors consume. */
import type { LayerRef, OsInfo, Package } from '../core/index.js';
import type { AnalyzerResult, FileMeta } from '../analyzers/contract.js';

/** One analyzer result placed in the final filesystem view. */
export interface PlacedResult {
  analyzer: string;
  path: string;
  layer: LayerRef;
  /** True when a later layer deleted or replaced the file (still extractable from the image). */
  deleted: boolean;
  /** Digest of the layer that deleted/replaced it. */
  deletedIn?: string;
  result: AnalyzerResult;
}

export interface Inventory {
  os?: OsInfo;
  /** Packages from visible files, merged (one entry per purl+path), attributed to the layer that introduced them. */
  packages: Package[];
  /** Every analyzer result, visible and deleted, for detectors (secrets look at deleted files too). */
  results: PlacedResult[];
  /** Visible files' metadata when a `file-meta` analyzer asked for it (path → meta + layer). */
  files?: Map<string, { meta: FileMeta; layer: LayerRef }>;
  /** Visible symlinks (path → target as written; hardlinks as `/target`), for in-root resolution. */
  symlinks?: Record<string, string>;
  warnings: string[];
}
