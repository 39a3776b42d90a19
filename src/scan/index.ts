/** Scan use-cases: the only folder that composes the whole pipeline. Entry point. */
export { scanImage, scanRootfs, scanFs, LAYER_CACHE_NAMESPACE } from './scan-image.js';
export { scanSbom } from './scan-sbom.js';
export { scanK8s, type ScanK8sOptions } from './scan-k8s.js';
export { runDetectors, type Findings } from './run-detectors.js';
export { ALL_SCANNERS, DEFAULT_SCANNERS, analyzerGroups, countFindings, keepSeverities, parseScanners, type ScanOptions } from './options.js';
export { summarizeConfig, layerInfos } from './image-summary.js';
export { redactReport, textRedactor, type TextRedactor } from './redact-report.js';
export { cleanScanCache, defaultCacheDir } from './cache-admin.js';
export * from './admission-support.js';
export { openMatcher, sbomInventory, osEndOfLife, compareInEcosystem, type Matcher, type MatchMemo } from './rematch.js';
export { sharedWalks } from '../layerwalk/index.js';
export { attackGraphOf, GRAPH_FORMATS, objectsFromJson, renderAttackGraph, strippedObjects, workloadImages, type GraphFormat } from './attack-graph.js';
