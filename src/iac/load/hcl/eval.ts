/** Evaluates parsed HCL expressions in a module scope: `var`, `local`, `count`, `each`, `path`, iterators; the rest is unknown. */
import { parseTemplate, type Expr } from './expr-parse.js';
import { callFunction, type FnContext } from './functions.js';
import { isObj, isUnknown, Unknown, type HclValue } from './value.js';

export interface Scope extends FnContext {
  vars: Record<string, HclValue>;
  /** Locals by name, evaluated on first use. */
  local(name: string): HclValue;
  /** `count`, `each`, `path`, `self`, dynamic-block iterators, for-expression variables. */
  extra: Record<string, HclValue>;
}

function refText(e: Expr): string {
  if (e.k === 'ref') return e.root;
  if (e.k === 'get') return `${refText(e.obj)}.${e.key.k === 'lit' ? String(e.key.v) : '[…]'}`;
  return '…';
}

function index(obj: HclValue, key: HclValue, e: Expr): HclValue {
  if (isUnknown(obj)) return obj.encoded === undefined ? obj : index(obj.encoded, key, e);
  if (isUnknown(key)) return key;
  if (Array.isArray(obj)) {
    const v = obj[Number(key)];
    return v === undefined ? new Unknown(`${refText(e)} is out of range`) : v;
  }
  if (isObj(obj)) return Object.hasOwn(obj, String(key)) ? obj[String(key)] : new Unknown(`${refText(e)} is not set`);
  return new Unknown(`${refText(e)} is not an object`);
}

function truthy(v: HclValue): boolean | Unknown {
  if (isUnknown(v)) return v;
  return v === true || v === 'true';
}

const ARITH: Record<string, (a: number, b: number) => number | boolean> = {
  '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b, '/': (a, b) => a / b, '%': (a, b) => a % b,
  '<': (a, b) => a < b, '>': (a, b) => a > b, '<=': (a, b) => a <= b, '>=': (a, b) => a >= b,
};

function binary(op: string, e: Extract<Expr, { k: 'op' }>, s: Scope): HclValue {
  const a = evalExpr(e.a, s);
  if (op === '&&' || op === '||') {
    const ta = truthy(a);
    if (ta === (op === '||')) return ta as boolean;
    const tb = truthy(evalExpr(e.b, s));
    if (isUnknown(ta)) return tb === (op === '||') ? tb : ta;
    return tb;
  }
  const b = evalExpr(e.b, s);
  if (isUnknown(a)) return a;
  if (isUnknown(b)) return b;
  if (op === '==') return JSON.stringify(a) === JSON.stringify(b);
  if (op === '!=') return JSON.stringify(a) !== JSON.stringify(b);
  return ARITH[op]!(Number(a), Number(b));
}

function forExpr(e: Extract<Expr, { k: 'for' }>, s: Scope): HclValue {
  const coll = evalExpr(e.coll, s);
  if (isUnknown(coll)) return coll;
  const entries: Array<[HclValue, HclValue]> = Array.isArray(coll) ? coll.map((v, i) => [i, v]) : isObj(coll) ? Object.entries(coll) : [];
  const outList: HclValue[] = [];
  const outObj: Record<string, HclValue> = {};
  for (const [k, v] of entries) {
    const inner: Scope = { ...s, extra: { ...s.extra, [e.valVar]: v, ...(e.keyVar ? { [e.keyVar]: k } : {}) } };
    if (e.cond) {
      const c = truthy(evalExpr(e.cond, inner));
      if (isUnknown(c)) return c;
      if (!c) continue;
    }
    const val = evalExpr(e.val, inner);
    if (!e.object) { outList.push(val); continue; }
    const key = evalExpr(e.key!, inner);
    if (isUnknown(key)) return key;
    if (e.group) ((outObj[String(key)] ??= []) as HclValue[]).push(val);
    else outObj[String(key)] = val;
  }
  return e.object ? outObj : outList;
}

function ref(root: string, s: Scope): HclValue {
  if (Object.hasOwn(s.extra, root)) return s.extra[root];
  if (root === 'var') return s.vars;
  if (root === 'local') return new Proxy({}, { get: (_t, name: string) => s.local(name), has: () => true }) as HclValue;
  return new Unknown(`${root} is known only after apply`, root);
}

// eslint-disable-next-line complexity -- one case per expression kind
function evalExpr(e: Expr, s: Scope): HclValue {
  switch (e.k) {
    case 'lit': return e.v as HclValue;
    case 'bad': return new Unknown(`expression not evaluated: ${e.why}`);
    case 'ref': return ref(e.root, s);
    case 'get': {
      // `local.x` reads one local lazily (a proxy would hide cycles); resources and data sources keep their reference.
      if (e.obj.k === 'ref' && e.obj.root === 'local' && e.key.k === 'lit') return s.local(String(e.key.v));
      const obj = evalExpr(e.obj, s);
      if (isUnknown(obj) && obj.ref !== undefined) return new Unknown(`${refText(e)} is known only after apply`, refText(e));
      return index(obj, evalExpr(e.key, s), e);
    }
    case 'splat': {
      const obj = evalExpr(e.obj, s);
      if (isUnknown(obj)) return obj;
      const items = Array.isArray(obj) ? obj : obj === null ? [] : [obj];
      return items.map((it) => e.rest.reduce<HclValue>((acc, r) => index(acc, evalExpr(r.key, s), e), it));
    }
    case 'tpl': {
      let out = '';
      for (const p of e.parts) {
        if (typeof p === 'string') { out += p; continue; }
        const v = evalExpr(p, s);
        if (isUnknown(v)) return v;
        out += typeof v === 'string' ? v : JSON.stringify(v);
      }
      return out;
    }
    case 'op': return binary(e.op, e, s);
    case 'not': { const t = truthy(evalExpr(e.a, s)); return isUnknown(t) ? t : !t; }
    case 'neg': { const v = evalExpr(e.a, s); return isUnknown(v) ? v : -Number(v); }
    case 'cond': {
      const c = truthy(evalExpr(e.c, s));
      if (!isUnknown(c)) return evalExpr(c ? e.t : e.f, s);
      const t = evalExpr(e.t, s);
      const f = evalExpr(e.f, s);
      return JSON.stringify(t) === JSON.stringify(f) && !isUnknown(t) ? t : c;
    }
    case 'call': {
      let args = e.args.map((a) => evalExpr(a, s));
      if (e.expand && args.length) {
        const last = args[args.length - 1];
        if (isUnknown(last)) return last;
        args = [...args.slice(0, -1), ...(Array.isArray(last) ? last : [])];
      }
      return callFunction(e.name.replace(/^provider::[^:]+::/, ''), args, s);
    }
    case 'tuple': return e.items.map((i) => evalExpr(i, s));
    case 'object': {
      const out: Record<string, HclValue> = {};
      for (const [k, v] of e.items) {
        const key = k.k === 'ref' ? k.root : evalExpr(k, s);
        if (isUnknown(key)) return key;
        out[String(key)] = evalExpr(v, s);
      }
      return out;
    }
    case 'for': return forExpr(e, s);
  }
}

/** hcl2json output (strings hold `${…}` templates) → a value; plain data is kept as is. */
export function evalJson(v: unknown, s: Scope): HclValue {
  if (typeof v === 'string') return v.includes('${') || v.includes('%{') ? evalExpr(parseTemplate(v), s) : v;
  if (Array.isArray(v)) return v.map((x) => evalJson(x, s));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, evalJson(x, s)]));
  return (v ?? null) as HclValue;
}
