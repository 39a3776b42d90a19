/** Analyzers: per-ecosystem extractors over single files. Entry point for other folders. */
export * from './contract.js';
export { openFileSource, type OpenedSource } from './shared/file-source.js';
export { builtinAnalyzers, analyzersFor } from './registry.js';
export { scannerFor, analyzerConfigKey } from './secrets/analyzer.js';
export type { SecretScanner } from './secrets/engine.js';
export type {
  AnalyzerFacts, ParsedDockerfile, DockerInstruction, DockerStage, FileMetaFact, ToolCategory, MalwareFact,
} from './facts.js';
export { REVERSE_SHELLS as REVERSE_SHELL_PATTERNS } from './malware/patterns.js';
