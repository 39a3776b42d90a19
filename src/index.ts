/** Bulwark's public library API: curated re-exports only. */
export * from './core/index.js';
export type { Analyzer, AnalyzerFile, AnalyzerResult, LayerAnalysis, FileMeta } from './analyzers/index.js';
export { defineAnalyzer, builtinAnalyzers } from './analyzers/index.js';
export type { ImageSource, OpenImageOptions, InputType } from './sources/contract.js';
export { compareVersions, schemeFor } from './versioning/index.js';
