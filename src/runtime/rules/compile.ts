/**
 * AST → predicate closures, once per rule set. Every comparison is specialised at compile time (numbers
 * parsed, sets built, globs turned into RegExps), so evaluating an event is closure calls and lookups.
 */
import type { RuntimeEvent } from '../event.js';
import type { CondNode } from './parser.js';
import type { FieldDef, FieldValue, RuleSource } from './field-def.js';
import { lookupField } from './fields.js';
import { netContains, parseIp, parseNet, type IpNet } from './ip.js';

export type Predicate = (ev: RuntimeEvent) => boolean;

/** What a rule lacks when it does not compile: the field, operator or macro, or a syntax error. */
export interface Lack { kind: 'field' | 'operator' | 'macro' | 'syntax' | 'value'; name: string; detail: string }

export class CompileError extends Error {
  constructor(readonly lack: Lack) { super(lack.detail); }
}

export type MacroTable = ReadonlyMap<string, CondNode | { error: Lack }>;

interface CompileScope {
  source: RuleSource;
  macros: MacroTable;
}

function globToRegExp(glob: string, flags = ''): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) { re += '\\['; continue; }
      let body = glob.slice(i + 1, end);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, `s${flags}`);
}

const hexToLatin1 = (hex: string): string => Buffer.from(hex.replace(/\s+/g, ''), 'hex').toString('latin1');

type Test = (x: string | number | boolean) => boolean;

function fail(kind: Lack['kind'], name: string, detail: string): never {
  throw new CompileError({ kind, name, detail });
}

function num(field: string, v: string): number {
  const n = Number(v);
  if (v.trim() === '' || Number.isNaN(n)) fail('value', field, `value "${v}" is not a number for ${field}`);
  return n;
}

function boolValue(field: string, v: string): boolean {
  if (v === 'true') return true;
  if (v === 'false') return false;
  return fail('value', field, `value "${v}" is not true/false for ${field}`);
}

function numberTest(f: string, op: string, v: string, values: readonly string[] | undefined): Test | undefined {
  if (op === 'in' || op === 'intersects') { const set = new Set((values ?? []).map((x) => num(f, x))); return (x) => set.has(Number(x)); }
  const n = num(f, v);
  switch (op) {
    case '=': case '==': return (x) => Number(x) === n;
    case '!=': return (x) => Number(x) !== n;
    case '<': return (x) => Number(x) < n;
    case '<=': return (x) => Number(x) <= n;
    case '>': return (x) => Number(x) > n;
    case '>=': return (x) => Number(x) >= n;
    default: return undefined;
  }
}

function boolTest(f: string, op: string, v: string, values: readonly string[] | undefined): Test | undefined {
  const truthy = (x: string | number | boolean): boolean => x === true || x === 'true';
  if (op === 'in' || op === 'intersects') { const set = new Set((values ?? []).map((x) => boolValue(f, x))); return (x) => set.has(truthy(x)); }
  if (op !== '=' && op !== '==' && op !== '!=') return undefined;
  const b = boolValue(f, v);
  return op === '!=' ? (x) => truthy(x) !== b : (x) => truthy(x) === b;
}

/** Parsed addresses by text: one event meets several IP rules, and servers repeat; parsing was 7% of evaluation. */
const ipCache = new Map<string, ReturnType<typeof parseIp> | null>();
function cachedIp(s: string): ReturnType<typeof parseIp> {
  const hit = ipCache.get(s);
  if (hit !== undefined) return hit ?? undefined;
  const ip = parseIp(s);
  if (ipCache.size >= 4096) ipCache.clear();
  ipCache.set(s, ip ?? null);
  return ip;
}

function ipTest(def: FieldDef, op: string, v: string, values: readonly string[] | undefined): Test | undefined {
  const f = def.name;
  const asNet = (s: string): IpNet => parseNet(s) ?? fail('value', f, `"${s}" is not an ${def.type === 'ipnet' ? 'IP network' : 'IP address'} for ${f}`);
  const contains = (nets: IpNet[]) => (x: string | number | boolean): boolean => { const ip = cachedIp(String(x)); return Boolean(ip && nets.some((n) => netContains(n, ip))); };
  if (op === 'in' || op === 'intersects') return contains((values ?? []).map(asNet));
  if (op === '=' || op === '==') return contains([asNet(v)]);
  if (op === '!=') { const t = contains([asNet(v)]); return (x) => !t(x); }
  return undefined;
}

const S = (x: string | number | boolean): string => String(x);

function stringMatchTest(f: string, op: string, v: string): Test | undefined {
  switch (op) {
    case 'contains': return (x) => S(x).includes(v);
    case 'icontains': { const l = v.toLowerCase(); return (x) => S(x).toLowerCase().includes(l); }
    case 'bcontains': { const b = hexToLatin1(v); return (x) => S(x).includes(b); }
    case 'startswith': return (x) => S(x).startsWith(v);
    case 'bstartswith': { const b = hexToLatin1(v); return (x) => S(x).startsWith(b); }
    case 'endswith': return (x) => S(x).endsWith(v);
    case 'glob': { const re = globToRegExp(v); return (x) => re.test(S(x)); }
    case 'iglob': { const re = globToRegExp(v, 'i'); return (x) => re.test(S(x)); }
    case 'regex': {
      let re: RegExp;
      try { re = new RegExp(v); } catch { return fail('value', f, `invalid regex "${v}" for ${f}`); }
      return (x) => re.test(S(x));
    }
    default: return undefined;
  }
}

function stringTest(f: string, op: string, v: string, values: readonly string[] | undefined): Test | undefined {
  switch (op) {
    case '=': case '==': return (x) => S(x) === v;
    case '!=': return (x) => S(x) !== v;
    case 'in': case 'intersects': { const set = new Set(values ?? []); return (x) => set.has(S(x)); }
    case 'pmatch': {
      // path prefix match: equal to, or below, one of the paths
      const prefixes = (values ?? []).map((p) => (p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p));
      return (x) => { const s = S(x); return prefixes.some((p) => s === p || s.startsWith(p === '/' ? '/' : `${p}/`)); };
    }
    case '<': return (x) => S(x) < v;
    case '<=': return (x) => S(x) <= v;
    case '>': return (x) => S(x) > v;
    case '>=': return (x) => S(x) >= v;
    default: return stringMatchTest(f, op, v);
  }
}

/** The element test for one operator and field type. */
function valueTest(def: FieldDef, op: string, value: string | undefined, values: readonly string[] | undefined): Test {
  const v = value ?? '';
  const t = def.type === 'number' ? numberTest(def.name, op, v, values)
    : def.type === 'bool' ? boolTest(def.name, op, v, values)
      : def.type === 'ipaddr' || def.type === 'ipnet' ? ipTest(def, op, v, values)
        : stringTest(def.name, op, v, values);
  return t ?? fail('operator', op, `operator "${op}" is not supported for ${def.type} field ${def.name}`);
}

function compileCmp(n: Extract<CondNode, { k: 'cmp' }>, scope: CompileScope): Predicate {
  const name = n.arg === undefined ? n.field : `${n.field}[${n.arg}]`;
  const found = lookupField(n.field, n.arg);
  if (!found) return fail('field', n.field, `field ${name} is not supported by bulwark's event sources`);
  const { def, arg } = found;
  if (def.source !== scope.source) return fail('field', n.field, `field ${n.field} belongs to source ${def.source}, not ${scope.source}`);
  if (def.arg === 'required' && arg === undefined) return fail('field', n.field, `field ${n.field} needs an argument (${n.field}[…])`);
  if (!def.arg && arg !== undefined && !n.field.startsWith('evt.arg')) return fail('field', n.field, `field ${n.field} takes no argument`);
  const get = def.get;
  if (n.op === 'exists') {
    return (ev) => { const x = get(ev, arg); return x !== undefined && !(Array.isArray(x) && x.length === 0); };
  }
  const test = valueTest(def, n.op, n.value, n.values);
  const listValued = def.type === 'list' || def.anyOf;
  if (!listValued) return (ev) => { const x = get(ev, arg) as Exclude<FieldValue, readonly string[]>; return x !== undefined && test(x); };
  // a multi-valued field: `in` means every value is in the set (k8saudit semantics), `intersects` and the
  // scalar operators mean some value matches; `!=` means no value equals. proc.aname without an index
  // (anyOf) matches when any ancestor matches, for `in` too.
  const every = n.op === 'in' && !def.anyOf;
  const negated = n.op === '!=';
  const positive = negated ? valueTest(def, '=', n.value, n.values) : test;
  return (ev) => {
    const x = get(ev, arg);
    if (x === undefined) return false;
    if (!Array.isArray(x)) return test(x as string | number | boolean);
    const xs = x as readonly string[];
    if (negated) return !xs.some(positive);
    if (every) return xs.length > 0 && xs.every(test);
    return xs.some(test);
  };
}

export function compileNode(node: CondNode, scope: CompileScope, macroStack: string[] = []): Predicate {
  switch (node.k) {
    case 'and': {
      const ps = node.items.map((i) => compileNode(i, scope, macroStack));
      if (ps.length === 2) { const [a, b] = ps as [Predicate, Predicate]; return (ev) => a(ev) && b(ev); }
      return (ev) => { for (const p of ps) if (!p(ev)) return false; return true; };
    }
    case 'or': {
      const ps = node.items.map((i) => compileNode(i, scope, macroStack));
      if (ps.length === 2) { const [a, b] = ps as [Predicate, Predicate]; return (ev) => a(ev) || b(ev); }
      return (ev) => { for (const p of ps) if (p(ev)) return true; return false; };
    }
    case 'not': { const p = compileNode(node.item, scope, macroStack); return (ev) => !p(ev); }
    case 'macro': {
      const m = scope.macros.get(node.name);
      if (!m) return fail('macro', node.name, lookupField(node.name, undefined) ? `field ${node.name} used without an operator` : `undefined macro ${node.name}`);
      if ('error' in m) throw new CompileError(m.error);
      if (macroStack.includes(node.name)) return fail('macro', node.name, `macro ${node.name} refers to itself`);
      try {
        return compileNode(m, scope, [...macroStack, node.name]);
      } catch (e) {
        if (e instanceof CompileError && !e.lack.detail.includes(' (in macro ')) {
          throw new CompileError({ ...e.lack, detail: `${e.lack.detail} (in macro ${node.name})` });
        }
        throw e;
      }
    }
    case 'cmp': return compileCmp(node, scope);
  }
}

/** The event types a condition can match (`all` when it does not pin evt.type), for the rule index. */
export function eventTypes(node: CondNode, macros: MacroTable, depth = 0): Set<string> | 'all' {
  if (depth > 64) return 'all';
  switch (node.k) {
    case 'cmp':
      if (node.field !== 'evt.type') return 'all';
      if (node.op === '=' || node.op === '==') return new Set([node.value ?? '']);
      if (node.op === 'in') return new Set(node.values ?? []);
      return 'all';
    case 'not': return 'all';
    case 'macro': { const m = macros.get(node.name); return m && !('error' in m) ? eventTypes(m, macros, depth + 1) : 'all'; }
    case 'and': {
      let acc: Set<string> | undefined;
      for (const i of node.items) {
        const t = eventTypes(i, macros, depth + 1);
        if (t === 'all') continue;
        const prev: Set<string> | undefined = acc;
        acc = prev ? new Set([...prev].filter((x) => t.has(x))) : new Set(t);
      }
      return acc ?? 'all';
    }
    case 'or': {
      const acc = new Set<string>();
      for (const i of node.items) {
        const t = eventTypes(i, macros, depth + 1);
        if (t === 'all') return 'all';
        for (const x of t) acc.add(x);
      }
      return acc;
    }
  }
}
