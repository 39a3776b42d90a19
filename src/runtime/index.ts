/** Runtime detection (L2): Falco rule language, event sources, attribution, drift, alert outputs. */
export type { AuditEvent } from './event.js';
export { loadRuleset } from './rules/loader.js';
export { RuleEngine } from './rules/engine.js';
export { defaultRuleFiles, readRuleFiles } from './rules/default-rules.js';
export { ruleStatuses, rulesTable, summarize } from './rules/report.js';
export type { EngineOptions, Alert } from './rules/engine.js';
export type { EventSource } from './sources/source.js';
export { BpftraceSource, probeEbpf } from './sources/bpftrace.js';
export { ProcPoller } from './sources/proc-poller.js';
export { AuditFileSource, AuditWebhookSource } from './sources/audit.js';
export { JsonIngestSource } from './sources/ingest.js';
export { ProcTable } from './sources/proc-table.js';
export { baselineFromScanJson, baselineFromRootfs, baselineFromPackages, type DriftBaseline } from './drift/baseline.js';
export { StreamSink, FileSink, WebhookSink, ServerSink, type AlertSink } from './outputs/sinks.js';
export { AlertLimiter } from './outputs/limiter.js';
export { WatchMetrics } from './outputs/metrics.js';
export { Watcher, DRIFT_RULE } from './watch.js';
export { runtimeCheck, runtimeCheckTable, type RuntimeCheckResult } from './check/report.js';
