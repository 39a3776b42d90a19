/**
 * Falco condition grammar → AST. Lists are expanded while parsing (Falco expands them textually, so a
 * list item may itself name a list); macros stay references and are resolved by the compiler, after every
 * file is loaded, so a later `override`/`append` of a macro reaches every rule that uses it.
 */

export type CondNode =
  | { k: 'and' | 'or'; items: CondNode[] }
  | { k: 'not'; item: CondNode }
  | { k: 'macro'; name: string }
  | { k: 'cmp'; field: string; arg?: string; op: string; value?: string; values?: string[] };

export class ConditionSyntaxError extends Error {}

type Tok = { t: 'lp' | 'rp' | 'comma' | 'sym' | 'word' | 'str'; v: string; at: number };

const SYMBOLS = ['==', '!=', '<=', '>=', '=', '<', '>'];
/** Word operators that take one value; `exists` takes none; the list operators take `( … )`. */
const UNARY_OPS = new Set(['exists']);
const LIST_OPS = new Set(['in', 'intersects', 'pmatch']);
const VALUE_OPS = new Set(['=', '==', '!=', '<', '<=', '>', '>=', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'glob', 'iglob', 'regex']);
const WORD_OPS = new Set([...UNARY_OPS, ...LIST_OPS, ...[...VALUE_OPS].filter((o) => /^[a-z]/.test(o))]);

function readString(src: string, at: number): { v: string; end: number } {
  const q = src[at]!;
  let s = '';
  let i = at + 1;
  while (i < src.length && src[i] !== q) {
    if (src[i] === '\\' && i + 1 < src.length) { s += src[i + 1]; i += 2; continue; }
    s += src[i++];
  }
  if (i >= src.length) throw new ConditionSyntaxError(`unterminated string at ${at}`);
  return { v: s, end: i + 1 };
}

/** Bare words keep their brackets: proc.aname[2], jevt.value[/a/b], runc:[1:CHILD]. */
function wordEnd(src: string, i: number): number {
  let depth = 0;
  for (; i < src.length; i++) {
    const d = src[i]!;
    if (d === '[') depth++;
    else if (d === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (' \n\t\r(),"\'=<>'.includes(d) || (d === '!' && src[i + 1] === '='))) break;
  }
  return i;
}

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '(') { out.push({ t: 'lp', v: c, at: i++ }); continue; }
    if (c === ')') { out.push({ t: 'rp', v: c, at: i++ }); continue; }
    if (c === ',') { out.push({ t: 'comma', v: c, at: i++ }); continue; }
    if (c === '"' || c === "'") { const r = readString(src, i); out.push({ t: 'str', v: r.v, at: i }); i = r.end; continue; }
    const sym = SYMBOLS.find((s) => src.startsWith(s, i));
    if (sym) { out.push({ t: 'sym', v: sym, at: i }); i += sym.length; continue; }
    const end = wordEnd(src, i);
    if (end === i) throw new ConditionSyntaxError(`unexpected character "${c}" at ${i}`);
    out.push({ t: 'word', v: src.slice(i, end), at: i });
    i = end;
  }
  return out;
}

type ListLookup = (name: string) => readonly string[] | undefined;

function expandInto(out: string[], item: string, quoted: boolean, lists: ListLookup, seen: Set<string>): void {
  const l = quoted ? undefined : lists(item);
  if (!l || seen.has(item)) { out.push(item); return; }
  seen.add(item);
  for (const x of l) expandItem(out, x, lists, seen);
  seen.delete(item);
}

/** A list item from YAML: `'"(systemd)"'` is a quoted string, anything else a bare word (maybe a list). */
function expandItem(out: string[], raw: string, lists: ListLookup, seen: Set<string>): void {
  const s = raw.trim();
  if (s.length >= 2 && ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'")))) {
    out.push(s.slice(1, -1).replace(/\\(.)/g, '$1'));
    return;
  }
  expandInto(out, s, false, lists, seen);
}

/** Parses one condition. `lists` resolves list names inside `( … )` (recursively, as Falco does). */
export function parseCondition(src: string, lists: ListLookup): CondNode {
  const toks = lex(src);
  let p = 0;
  const peek = (): Tok | undefined => toks[p];
  const fail = (msg: string): never => {
    const t = toks[p];
    throw new ConditionSyntaxError(`${msg} ${t ? `at "${t.v}" (offset ${t.at})` : 'at end of condition'}`);
  };
  const isWord = (v: string): boolean => { const t = peek(); return Boolean(t && t.t === 'word' && t.v === v); };

  function orExpr(): CondNode {
    const items = [andExpr()];
    while (isWord('or')) { p++; items.push(andExpr()); }
    return items.length === 1 ? items[0]! : { k: 'or', items };
  }
  function andExpr(): CondNode {
    const items = [notExpr()];
    while (isWord('and')) { p++; items.push(notExpr()); }
    return items.length === 1 ? items[0]! : { k: 'and', items };
  }
  function notExpr(): CondNode {
    if (isWord('not')) { p++; return { k: 'not', item: notExpr() }; }
    return primary();
  }
  function valueList(): string[] {
    if (peek()?.t !== 'lp') {
      // `field in list_name` without parentheses
      const t = peek();
      if (t && t.t === 'word' && lists(t.v)) { p++; const out: string[] = []; expandInto(out, t.v, false, lists, new Set()); return out; }
      return fail('expected "("');
    }
    p++;
    const out: string[] = [];
    if (peek()?.t === 'rp') { p++; return out; }
    for (;;) {
      const t = peek();
      if (!t || (t.t !== 'word' && t.t !== 'str')) return fail('expected a value');
      p++;
      expandInto(out, t.v, t.t === 'str', lists, new Set());
      const n = peek();
      if (n?.t === 'comma') { p++; continue; }
      if (n?.t === 'rp') { p++; return out; }
      return fail('expected "," or ")"');
    }
  }
  function primary(): CondNode {
    const t = peek();
    if (!t) return fail('expected an expression');
    if (t.t === 'lp') {
      p++;
      const e = orExpr();
      if (peek()?.t !== 'rp') fail('expected ")"');
      p++;
      return e;
    }
    if (t.t !== 'word') return fail('expected a field or macro');
    p++;
    const n = peek();
    const op = n && (n.t === 'sym' || (n.t === 'word' && WORD_OPS.has(n.v))) ? n.v : undefined;
    if (!op) {
      if (n?.t === 'lp') return fail(`unsupported transformer or function "${t.v}("`);
      return { k: 'macro', name: t.v };
    }
    p++;
    const m = /^([^[]+)(?:\[(.*)\])?$/.exec(t.v)!;
    const base: { field: string; arg?: string } = m[2] !== undefined ? { field: m[1]!, arg: m[2] } : { field: m[1]! };
    if (UNARY_OPS.has(op)) return { k: 'cmp', ...base, op };
    if (LIST_OPS.has(op)) return { k: 'cmp', ...base, op, values: valueList() };
    const v = peek();
    if (!v) return fail(`expected a value after ${op}`);
    if (v.t === 'lp') {
      // `fd.name = (a)`: Falco accepts a one-element list in value position
      const vals = valueList();
      return { k: 'cmp', ...base, op, value: vals[0] ?? '' };
    }
    if (v.t !== 'word' && v.t !== 'str') return fail(`expected a value after ${op}`);
    p++;
    return { k: 'cmp', ...base, op, value: v.v };
  }

  const e = orExpr();
  if (p < toks.length) fail('unexpected token');
  return e;
}

