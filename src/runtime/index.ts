/** Runtime detection (L2): Falco rule language, event sources, attribution, drift, alert outputs. */
export type { AuditEvent } from './event.js';
export { loadRuleset } from './rules/loader.js';
export { RuleEngine } from './rules/engine.js';
export { defaultRuleFiles, readRuleFiles } from './rules/default-rules.js';
export { ruleStatuses, rulesTable, summarize } from './rules/report.js';
