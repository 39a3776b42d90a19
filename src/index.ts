/**
 * Bulwark's public library API (`import { scanImage } from 'bulwark'`): curated re-exports only. Report
 * writers, the Kubernetes engine and the vulnerability database are the subpaths `bulwark/reports`,
 * `bulwark/k8s` and `bulwark/vulndb` (src/public/). Everything not exported here or there is internal and
 * may change in any release. docs/library.md documents this surface; test/library/ installs the packed
 * package and runs a scan through it.
 */

// Use-cases: one call per kind of target, each returning a Report.
export { scanImage, scanRootfs, scanFs, scanSbom, scanK8s, ALL_SCANNERS, DEFAULT_SCANNERS, parseScanners, countFindings } from './scan/index.js';
export type { ScanOptions, ScanK8sOptions } from './scan/index.js';

// Policies for ScanOptions.config: bulwark.yaml checked into typed sections (CONFIG_INVALID names the bad key).
export { loadConfig, parseConfig, policyOf } from './config/index.js';
export type { BulwarkConfig, PolicyConfig, SecretsConfig, SecretRuleConfig, LicensesConfig, IgnoreEntryConfig } from './config/index.js';

// Image input: an archive, OCI layout or registry reference → layers and config.
export { openImage } from './sources/index.js';
export type { ImageSource, OpenImageOptions, InputType, SourceLayer, Compression } from './sources/index.js';

// Version comparison per ecosystem, and the ecosystem table it is derived from.
export { compareVersions, schemeFor } from './versioning/index.js';
export type { Cmp, VersionScheme } from './versioning/index.js';
export { ECOSYSTEMS } from './core/index.js';
export type { Ecosystem, EcosystemSpec, VersionSchemeName } from './core/index.js';

// Custom analyzers (ScanOptions.analyzers): the contract and the built-in list to extend.
export { defineAnalyzer, builtinAnalyzers } from './analyzers/index.js';
export type { Analyzer, AnalyzerFile, AnalyzerResult, AnalyzerFacts, LayerAnalysis, FileMeta } from './analyzers/index.js';

// Vocabulary: the report and what it holds, errors, logging and progress ports.
export {
  BulwarkError, isBulwarkError, SEVERITIES, severityRank, silentLogger, noProgress, redactText, TOOL_VERSION,
  REPORT_SCHEMA_VERSION,
} from './core/index.js';
export type {
  ErrorCode, Severity, Logger, Progress, Report, ReportTarget, TargetType, KubernetesPosture, Package, PackageType,
  SourcePackage, OsInfo, LayerRef, Location, ImageIdentity, ImageLayerInfo, ImageConfigSummary, Platform,
  VulnerabilityFinding, VulnerabilityStatus, Cvss, SecretFinding, MisconfigFinding, K8sResourceRef, LicenseFinding,
  LicenseCategory, SuppressedFinding,
} from './core/index.js';
