/**
 * Falco rules files → one rule set: lists, macros and rules with `append`, `override` (append/replace per
 * key), `enabled`, `exceptions`. Files are applied in order; conditions are parsed and compiled only after
 * every file is in, so a later file's override reaches every rule. A rule that does not compile stays in
 * the set with the field/operator/macro it lacks — it is never dropped silently.
 */
import { parse as parseYaml } from 'yaml';
import { BulwarkError } from '../../core/index.js';
import { parseCondition, ConditionSyntaxError, type CondNode } from './parser.js';
import { CompileError, compileNode, eventTypes, type Lack, type MacroTable, type Predicate } from './compile.js';
import type { RuleSource } from './field-def.js';
import { compileOutput, type OutputTemplate } from './output.js';

export type Priority = 'emergency' | 'alert' | 'critical' | 'error' | 'warning' | 'notice' | 'informational' | 'debug';
export const PRIORITIES: readonly Priority[] = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'debug'];

function parsePriority(v: unknown): Priority | undefined {
  const s = String(v ?? '').trim().toLowerCase();
  if (s === 'info') return 'informational';
  return (PRIORITIES as readonly string[]).includes(s) ? (s as Priority) : undefined;
}

interface RuleException { name: string; fields: string | string[]; comps?: string | string[]; values?: unknown[] }

interface RawRule {
  name: string;
  desc: string;
  condition: string;
  output: string;
  priority: Priority;
  tags: string[];
  enabled: boolean;
  source: RuleSource | string;
  exceptions: RuleException[];
  file: string;
}

export interface RuleFile { path: string; text: string }

export interface CompiledRule {
  name: string;
  desc: string;
  priority: Priority;
  tags: string[];
  source: string;
  enabled: boolean;
  file: string;
  condition: string;
  compiled: boolean;
  /** Why it did not compile (the field/operator/macro it lacks). */
  lack?: Lack;
  predicate?: Predicate;
  output?: OutputTemplate;
  /** Event types the rule can match; `all` when the condition does not pin evt.type. */
  eventTypes?: string[] | 'all';
}

export interface Ruleset {
  rules: CompiledRule[];
  warnings: string[];
}

const bad = (file: string, msg: string): never => { throw new BulwarkError('POLICY_INVALID', `${file}: ${msg}`); };

/** `override: {condition: append}` or the legacy `append: true` (appends condition/items/exceptions). */
function mode(item: Record<string, unknown>, key: string): 'append' | 'replace' | undefined {
  const o = item.override as Record<string, unknown> | undefined;
  if (o && typeof o === 'object') {
    const m = o[key];
    if (m === 'append' || m === 'replace') return m;
    return undefined;
  }
  return item.append === true ? 'append' : undefined;
}

const asStrings = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))) : []);

function exceptionNode(ex: RuleException, lists: (n: string) => readonly string[] | undefined, file: string, rule: string): CondNode | undefined {
  const values = Array.isArray(ex.values) ? ex.values : [];
  if (!values.length) return undefined;
  const cmp = (field: string, op: string, v: unknown): CondNode => {
    const src = `${field} ${op} ${Array.isArray(v) ? `(${v.map((x) => JSON.stringify(String(x))).join(', ')})` : (op === 'in' || op === 'pmatch' || op === 'intersects') ? (lists(String(v)) ? `(${String(v)})` : `(${JSON.stringify(String(v))})`) : JSON.stringify(String(v))}`;
    return parseCondition(src, lists);
  };
  if (typeof ex.fields === 'string') {
    const op = typeof ex.comps === 'string' ? ex.comps : 'in';
    return op === 'in' || op === 'pmatch' || op === 'intersects'
      ? cmp(ex.fields, op, values.map((v) => String(v)))
      : { k: 'or', items: values.map((v) => cmp(ex.fields as string, op, v)) };
  }
  if (!Array.isArray(ex.fields)) return bad(file, `rule "${rule}" exception "${ex.name}": fields must be a string or a list`);
  const fields = ex.fields;
  const comps = Array.isArray(ex.comps) ? ex.comps.map(String) : fields.map(() => '=');
  const tuples = values.map((tuple) => {
    if (!Array.isArray(tuple) || tuple.length !== fields.length) return bad(file, `rule "${rule}" exception "${ex.name}": each value must list ${fields.length} item(s)`);
    return { k: 'and' as const, items: fields.map((f, i) => cmp(f, comps[i] ?? '=', tuple[i])) };
  });
  return { k: 'or', items: tuples };
}

interface State {
  lists: Map<string, string[]>;
  macros: Map<string, string>;
  rules: Map<string, RawRule>;
  warnings: string[];
}

function applyList(st: State, item: Record<string, unknown>, file: string): void {
  const name = String(item.list);
  const items = asStrings(item.items);
  const prev = st.lists.get(name);
  if (mode(item, 'items') !== 'append') { st.lists.set(name, items); return; }
  if (!prev) bad(file, `list "${name}": append to a list that does not exist`);
  st.lists.set(name, [...prev!, ...items]);
}

function applyMacro(st: State, item: Record<string, unknown>, file: string): void {
  const name = String(item.macro);
  const cond = String(item.condition ?? '');
  const prev = st.macros.get(name);
  if (mode(item, 'condition') !== 'append') { st.macros.set(name, cond); return; }
  if (prev === undefined) bad(file, `macro "${name}": append to a macro that does not exist`);
  st.macros.set(name, `${prev} ${cond}`);
}

/** append/override of an existing rule, or the legacy `- rule: X / enabled: false`. */
function updateRule(prev: RawRule, item: Record<string, unknown>, file: string): void {
  if ('condition' in item) prev.condition = mode(item, 'condition') === 'append' ? `${prev.condition} ${String(item.condition)}` : String(item.condition);
  if ('output' in item) prev.output = mode(item, 'output') === 'append' ? `${prev.output} ${String(item.output)}` : String(item.output);
  if ('desc' in item) prev.desc = String(item.desc);
  if ('priority' in item) prev.priority = parsePriority(item.priority) ?? bad(file, `rule "${prev.name}": unknown priority "${String(item.priority)}"`);
  if ('tags' in item) prev.tags = mode(item, 'tags') === 'append' ? [...prev.tags, ...asStrings(item.tags)] : asStrings(item.tags);
  if ('enabled' in item) prev.enabled = item.enabled !== false;
  if (!('exceptions' in item)) return;
  const ex = (item.exceptions as RuleException[]) ?? [];
  if (mode(item, 'exceptions') === 'replace') { prev.exceptions = ex; return; }
  for (const e of ex) {
    // appending values to an exception that exists (Falco's exception append)
    const same = prev.exceptions.find((p) => p.name === e.name);
    if (same) same.values = [...(same.values ?? []), ...(e.values ?? [])]; else prev.exceptions.push(e);
  }
}

function applyRule(st: State, item: Record<string, unknown>, file: string): void {
  const name = String(item.rule);
  const prev = st.rules.get(name);
  const isAppend = item.append === true || Boolean(item.override && typeof item.override === 'object');
  if (prev && (isAppend || !('condition' in item))) { updateRule(prev, item, file); return; }
  if (isAppend && !prev) bad(file, `rule "${name}": append/override of a rule that does not exist`);
  if (!('condition' in item)) bad(file, `rule "${name}": no condition`);
  const priority = parsePriority(item.priority) ?? bad(file, `rule "${name}": unknown priority "${String(item.priority)}"`);
  if (prev) st.warnings.push(`${file}: rule "${name}" redefined (the later definition wins)`);
  st.rules.set(name, {
    name, desc: String(item.desc ?? ''), condition: String(item.condition), output: String(item.output ?? ''),
    priority, tags: asStrings(item.tags), enabled: item.enabled !== false, source: String(item.source ?? 'syscall'),
    exceptions: Array.isArray(item.exceptions) ? (item.exceptions as RuleException[]) : [], file,
  });
}

function applyFile(st: State, f: RuleFile): void {
  let doc: unknown;
  try { doc = parseYaml(f.text, { uniqueKeys: false }); } catch (e) { bad(f.path, `not valid YAML: ${(e as Error).message.split('\n')[0]}`); }
  if (doc === null || doc === undefined) return;
  if (!Array.isArray(doc)) bad(f.path, 'a rules file is a YAML list of list/macro/rule items');
  for (const it of doc as unknown[]) {
    if (!it || typeof it !== 'object') bad(f.path, 'every item must be a mapping');
    const item = it as Record<string, unknown>;
    if ('list' in item) applyList(st, item, f.path);
    else if ('macro' in item) applyMacro(st, item, f.path);
    else if ('rule' in item) applyRule(st, item, f.path);
    else if (!('required_engine_version' in item) && !('required_plugin_versions' in item)) st.warnings.push(`${f.path}: ignored item with keys ${Object.keys(item).join(', ')}`);
  }
}

function compileRule(r: RawRule, lists: (n: string) => readonly string[] | undefined, macros: MacroTable): CompiledRule {
  const base: CompiledRule = { name: r.name, desc: r.desc, priority: r.priority, tags: r.tags, source: r.source, enabled: r.enabled, file: r.file, condition: r.condition, compiled: false };
  if (r.source !== 'syscall' && r.source !== 'k8s_audit') {
    return { ...base, lack: { kind: 'field', name: `source:${r.source}`, detail: `source ${r.source} is not supported (syscall and k8s_audit are)` } };
  }
  try {
    let node = parseCondition(r.condition, lists);
    const exNodes = r.exceptions.map((ex) => exceptionNode(ex, lists, r.file, r.name)).filter((n): n is CondNode => Boolean(n));
    if (exNodes.length) node = { k: 'and', items: [node, ...exNodes.map((n) => ({ k: 'not' as const, item: n }))] };
    const predicate = compileNode(node, { source: r.source as RuleSource, macros });
    const types = r.source === 'k8s_audit' ? ['k8s_audit'] : eventTypes(node, macros);
    return { ...base, compiled: true, predicate, output: compileOutput(r.output, r.source), eventTypes: types === 'all' ? 'all' : [...types].sort() };
  } catch (e) {
    if (e instanceof CompileError) return { ...base, lack: e.lack };
    if (e instanceof ConditionSyntaxError) return { ...base, lack: { kind: 'syntax', name: r.name, detail: e.message } };
    throw e;
  }
}

export function loadRuleset(files: readonly RuleFile[]): Ruleset {
  const st: State = { lists: new Map(), macros: new Map(), rules: new Map(), warnings: [] };
  for (const f of files) applyFile(st, f);
  const listLookup = (n: string): readonly string[] | undefined => st.lists.get(n);
  const macroTable = new Map<string, CondNode | { error: Lack }>();
  for (const [name, cond] of st.macros) {
    try { macroTable.set(name, parseCondition(cond, listLookup)); } catch (e) {
      macroTable.set(name, { error: { kind: 'syntax', name, detail: `macro ${name}: ${(e as Error).message}` } });
    }
  }
  return { rules: [...st.rules.values()].map((r) => compileRule(r, listLookup, macroTable)), warnings: st.warnings };
}
