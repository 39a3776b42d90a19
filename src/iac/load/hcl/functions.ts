/**
 * The Terraform functions module code uses to build configuration, on known arguments. Any unknown argument makes the
 * result unknown (except `try`/`coalesce`, which may still decide); functions not listed are unknown.
 */
import { fromPlain, hasUnknown, isObj, isUnknown, Unknown, type HclValue } from './value.js';

export interface FnContext {
  /** Reads a file relative to the module directory (`file()`, `templatefile()`), undefined when absent. */
  readFile(path: string): string | undefined;
}

function str(v: HclValue): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

function toJsonText(v: HclValue): string {
  return JSON.stringify(v);
}

function list(v: HclValue): HclValue[] {
  if (Array.isArray(v)) return v;
  if (isObj(v)) return Object.values(v);
  return [];
}

function format(fmt: string, args: HclValue[]): string {
  let i = 0;
  return fmt.replace(/%(%|[-+ #0]*\d*(?:\.\d+)?[sdvfqtb])/g, (m, spec: string) => {
    if (spec === '%') return '%';
    const a = args[i++];
    if (spec.endsWith('q')) return JSON.stringify(str(a ?? ''));
    if (spec.endsWith('f')) return Number(a).toFixed(/\.(\d+)/.exec(spec)?.[1] ? Number(/\.(\d+)/.exec(spec)![1]) : 6);
    return a === undefined ? m : str(a);
  });
}

type Fn = (args: HclValue[], ctx: FnContext) => HclValue;

const FNS: Record<string, Fn> = {
  lower: ([s]) => str(s).toLowerCase(),
  upper: ([s]) => str(s).toUpperCase(),
  trimspace: ([s]) => str(s).trim(),
  title: ([s]) => str(s).replace(/\b\w/g, (c) => c.toUpperCase()),
  format: ([f, ...rest]) => format(str(f), rest),
  join: ([sep, ...lists]) => lists.flatMap(list).map(str).join(str(sep)),
  split: ([sep, s]) => str(s).split(str(sep)),
  replace: ([s, a, b]) => {
    const from = str(a);
    if (from.length > 2 && from.startsWith('/') && from.endsWith('/')) return str(s).replace(new RegExp(from.slice(1, -1), 'g'), str(b));
    return str(s).split(from).join(str(b));
  },
  substr: ([s, o, l]) => str(s).substr(Number(o), Number(l) < 0 ? undefined : Number(l)),
  concat: (lists) => lists.flatMap(list),
  flatten: ([l]) => list(l).flat(Infinity as 1) as HclValue[],
  distinct: ([l]) => list(l).filter((v, i, a) => a.findIndex((x) => JSON.stringify(x) === JSON.stringify(v)) === i),
  compact: ([l]) => list(l).filter((v) => v !== null && v !== ''),
  merge: (objs) => Object.assign({}, ...objs.filter(isObj)) as HclValue,
  lookup: ([m, k, d]) => (isObj(m) && Object.hasOwn(m, str(k)) ? m[str(k)] : d === undefined ? new Unknown(`lookup of missing key ${str(k)}`) : d),
  length: ([v]) => (typeof v === 'string' ? [...v].length : list(v).length),
  contains: ([l, v]) => list(l).some((x) => JSON.stringify(x) === JSON.stringify(v)),
  keys: ([m]) => (isObj(m) ? Object.keys(m).sort() : []),
  values: ([m]) => (isObj(m) ? Object.keys(m).sort().map((k) => m[k]) : []),
  element: ([l, i]) => { const a = list(l); return a.length ? a[Number(i) % a.length] : new Unknown('element of an empty list'); },
  tostring: ([v]) => (v === null ? null : str(v)),
  tonumber: ([v]) => (v === null ? null : Number(v)),
  tobool: ([v]) => (v === null ? null : v === true || v === 'true'),
  tolist: ([v]) => list(v),
  toset: ([v]) => FNS.distinct([v], { readFile: () => undefined }),
  tomap: ([v]) => v,
  jsonencode: ([v]) => toJsonText(v),
  jsondecode: ([s]) => { try { return fromPlain(JSON.parse(str(s))); } catch { return new Unknown('jsondecode of invalid JSON'); } },
  yamlencode: ([v]) => toJsonText(v),
  base64encode: ([s]) => Buffer.from(str(s)).toString('base64'),
  base64decode: ([s]) => Buffer.from(str(s), 'base64').toString('utf8'),
  min: (a) => Math.min(...a.flatMap((x) => (Array.isArray(x) ? x : [x])).map(Number)),
  max: (a) => Math.max(...a.flatMap((x) => (Array.isArray(x) ? x : [x])).map(Number)),
  abs: ([n]) => Math.abs(Number(n)),
  ceil: ([n]) => Math.ceil(Number(n)),
  floor: ([n]) => Math.floor(Number(n)),
  range: (a) => {
    const [start, end, step] = a.length === 1 ? [0, Number(a[0]), 1] : [Number(a[0]), Number(a[1]), Number(a[2] ?? 1)];
    const out: number[] = [];
    for (let i = start; step > 0 ? i < end : i > end; i += step) if (out.push(i) > 10_000) break;
    return out;
  },
  zipmap: ([k, v]) => Object.fromEntries(list(k).map((key, i) => [str(key), list(v)[i] ?? null])),
  startswith: ([s, p]) => str(s).startsWith(str(p)),
  endswith: ([s, p]) => str(s).endsWith(str(p)),
  file: ([p], ctx) => ctx.readFile(str(p)) ?? new Unknown(`file(${str(p)}) is not in the scanned files`),
  templatefile: ([p, vars], ctx) => {
    const text = ctx.readFile(str(p));
    if (text === undefined) return new Unknown(`templatefile(${str(p)}) is not in the scanned files`);
    if (text.includes('%{')) return new Unknown('template directives are not evaluated');
    return text.replace(/\$\{\s*([A-Za-z_]\w*)\s*\}/g, (m, name: string) => (isObj(vars) && Object.hasOwn(vars, name) ? str(vars[name]) : m));
  },
  one: ([l]) => { const a = list(l); return a.length === 0 ? null : a.length === 1 ? a[0] : new Unknown('one() of several items'); },
  sensitive: ([v]) => v,
  nonsensitive: ([v]) => v,
};

/** Functions that may decide with some arguments unknown. */
function lenient(name: string, args: HclValue[]): HclValue | undefined {
  if (name === 'try') return args.find((a) => !isUnknown(a)) ?? args[0] ?? null;
  if (name === 'coalesce') {
    for (const a of args) {
      if (isUnknown(a)) return a;
      if (a !== null && a !== '') return a;
    }
    return null;
  }
  if (name === 'jsonencode' && args.length === 1 && hasUnknown(args[0])) return new Unknown('jsonencode() of a partly unknown value', undefined, args[0]);
  if (name === 'can') return args.some(hasUnknown) ? new Unknown('can() of an unknown value') : true;
  return undefined;
}

export function callFunction(name: string, args: HclValue[], ctx: FnContext): HclValue {
  const l = lenient(name, args);
  if (l !== undefined) return l;
  const fn = FNS[name];
  if (!fn) return new Unknown(`function ${name}() is not evaluated`);
  // jsonencode/merge/concat keep unknown parts where the result is structured; strings must be fully known.
  if (name === 'merge' || name === 'concat' || name === 'tolist' || name === 'toset' || name === 'tomap' || name === 'flatten') {
    if (args.some(isUnknown)) return new Unknown(`${name}() of an unknown value`);
  } else if (args.some(hasUnknown)) {
    const first = args.find(hasUnknown);
    return isUnknown(first) ? first : new Unknown(`${name}() of a partly unknown value`);
  }
  try {
    return fn(args, ctx);
  } catch {
    return new Unknown(`${name}() failed on these arguments`);
  }
}
