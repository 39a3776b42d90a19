/** Use-cases for `bulwark runtime`: rule listing, and (watch) sources + engine + drift baseline + outputs. */
import { loadRuleset, readRuleFiles, ruleStatuses, rulesTable, summarize } from '../runtime/index.js';

/** `bulwark runtime rules`: every rule with compiled true/false and what it lacks. */
export function listRuntimeRules(paths: readonly string[], format: 'table' | 'json'): string {
  const rs = loadRuleset(readRuleFiles(paths));
  const statuses = ruleStatuses(rs);
  return format === 'json'
    ? `${JSON.stringify({ summary: summarize(statuses), warnings: rs.warnings, rules: statuses }, null, 2)}\n`
    : rulesTable(statuses, rs.warnings);
}
