/**
 * HCL expressions (the `${…}` text hcl2json leaves in place) → a small syntax tree. Covers what module code uses:
 * literals, templates, references, index/attribute access, splats, operators, conditionals, function calls, tuples,
 * objects and `for` expressions. What it cannot parse becomes an `unknown` node, never an error for the user.
 */

export type Expr =
  | { k: 'lit'; v: unknown }
  | { k: 'tpl'; parts: Array<string | Expr> }
  | { k: 'ref'; root: string }
  | { k: 'get'; obj: Expr; key: Expr }
  | { k: 'splat'; obj: Expr; rest: Array<{ key: Expr }> }
  | { k: 'op'; op: string; a: Expr; b: Expr }
  | { k: 'not'; a: Expr }
  | { k: 'neg'; a: Expr }
  | { k: 'cond'; c: Expr; t: Expr; f: Expr }
  | { k: 'call'; name: string; args: Expr[]; expand: boolean }
  | { k: 'tuple'; items: Expr[] }
  | { k: 'object'; items: Array<[Expr, Expr]> }
  | { k: 'for'; keyVar?: string; valVar: string; coll: Expr; key?: Expr; val: Expr; cond?: Expr; object: boolean; group: boolean }
  | { k: 'bad'; why: string };

const BIN: Array<[string[], number]> = [[['||'], 1], [['&&'], 2], [['==', '!='], 3], [['<', '>', '<=', '>='], 4], [['+', '-'], 5], [['*', '/', '%'], 6]];

class P {
  i = 0;
  constructor(private readonly s: string) {}

  private ws(): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++;
      else if (c === '#' || (c === '/' && this.s[this.i + 1] === '/')) {
        const e = this.s.indexOf('\n', this.i);
        this.i = e < 0 ? this.s.length : e;
      } else if (c === '/' && this.s[this.i + 1] === '*') {
        const e = this.s.indexOf('*/', this.i + 2);
        this.i = e < 0 ? this.s.length : e + 2;
      } else return;
    }
  }

  private peek(t: string): boolean {
    this.ws();
    return this.s.startsWith(t, this.i);
  }

  private eat(t: string): boolean {
    if (!this.peek(t)) return false;
    this.i += t.length;
    return true;
  }

  private expect(t: string): void {
    if (!this.eat(t)) throw new Error(`expected ${t} at ${this.i}`);
  }

  private ident(): string | undefined {
    this.ws();
    const m = /^[A-Za-z_][\w-]*/.exec(this.s.slice(this.i, this.i + 256));
    if (!m) return undefined;
    this.i += m[0].length;
    return m[0];
  }

  expr(): Expr {
    const c = this.binary(1);
    if (this.peek('?')) {
      this.i++;
      const t = this.expr();
      this.expect(':');
      const f = this.expr();
      return { k: 'cond', c, t, f };
    }
    return c;
  }

  private binary(level: number): Expr {
    if (level > BIN.length) return this.unary();
    let a = this.binary(level + 1);
    for (;;) {
      this.ws();
      const op = BIN[level - 1][0].filter((o) => this.s.startsWith(o, this.i)).sort((x, y) => y.length - x.length)[0];
      // `=>` (for-object) and `==` are not `=`; `<`/`>` must not eat `<=`/`>=` of a longer op.
      if (!op || (op.length === 1 && '=<>'.includes(this.s[this.i + 1] ?? '') && op !== '-' && op !== '+' && op !== '*' && op !== '/' && op !== '%')) return a;
      this.i += op.length;
      a = { k: 'op', op, a, b: this.binary(level + 1) };
    }
  }

  private unary(): Expr {
    if (this.eat('!')) return { k: 'not', a: this.unary() };
    if (this.peek('-') && !/\d/.test(this.s[this.i + 1] ?? '')) { this.i++; return { k: 'neg', a: this.unary() }; }
    return this.postfix(this.primary());
  }

  private postfix(base: Expr): Expr {
    let e = base;
    for (;;) {
      if (this.peek('.*') || this.peek('[*]')) {
        this.i += this.s[this.i] === '.' ? 2 : 3;
        const rest: Array<{ key: Expr }> = [];
        while (this.peek('.') && !this.peek('..')) {
          this.i++;
          const id = this.ident();
          if (!id) break;
          rest.push({ key: { k: 'lit', v: id } });
        }
        e = { k: 'splat', obj: e, rest };
      } else if (this.peek('.') && !this.peek('..')) {
        this.i++;
        this.ws();
        const num = /^\d+/.exec(this.s.slice(this.i));
        if (num) { this.i += num[0].length; e = { k: 'get', obj: e, key: { k: 'lit', v: Number(num[0]) } }; continue; }
        const id = this.ident();
        if (!id) throw new Error('attribute name expected');
        e = { k: 'get', obj: e, key: { k: 'lit', v: id } };
      } else if (this.peek('[')) {
        this.i++;
        const key = this.expr();
        this.expect(']');
        e = { k: 'get', obj: e, key };
      } else return e;
    }
  }

  private primary(): Expr {
    this.ws();
    const c = this.s[this.i];
    if (c === '(') { this.i++; const e = this.expr(); this.expect(')'); return e; }
    if (c === '"') return this.quoted();
    if (c === '<' && this.s[this.i + 1] === '<') return this.heredoc();
    if (c === '[') return this.tuple();
    if (c === '{') return this.object();
    const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 64));
    if (num) { this.i += num[0].length; return { k: 'lit', v: Number(num[0]) }; }
    const id = this.ident();
    if (!id) throw new Error(`unexpected ${c ?? 'end'} at ${this.i}`);
    if (id === 'true' || id === 'false') return { k: 'lit', v: id === 'true' };
    if (id === 'null') return { k: 'lit', v: null };
    if (this.peek('(') || this.peek('::')) return this.call(id);
    return { k: 'ref', root: id };
  }

  private call(first: string): Expr {
    let name = first;
    while (this.eat('::')) name += `::${this.ident() ?? ''}`;
    this.expect('(');
    const args: Expr[] = [];
    let expand = false;
    while (!this.peek(')')) {
      args.push(this.expr());
      if (this.eat('...')) expand = true;
      if (!this.eat(',')) break;
    }
    this.expect(')');
    return { k: 'call', name, args, expand };
  }

  private forExpr(object: boolean): Expr {
    const first = this.ident()!;
    let keyVar: string | undefined;
    let valVar = first;
    if (this.eat(',')) { keyVar = first; valVar = this.ident()!; }
    this.expect('in');
    const coll = this.expr();
    this.expect(':');
    const a = this.expr();
    let key: Expr | undefined;
    let val = a;
    if (object) { this.expect('=>'); key = a; val = this.expr(); }
    const group = this.eat('...');
    const cond = this.peek('if') ? (this.i += 2, this.expr()) : undefined;
    this.expect(object ? '}' : ']');
    return { k: 'for', keyVar, valVar, coll, key, val, cond, object, group };
  }

  private isFor(): boolean {
    this.ws();
    return /^for\s/.test(this.s.slice(this.i, this.i + 4)) && (this.i += 3, true);
  }

  private tuple(): Expr {
    this.i++;
    if (this.isFor()) return this.forExpr(false);
    const items: Expr[] = [];
    while (!this.peek(']')) {
      items.push(this.expr());
      if (!this.eat(',')) break;
    }
    this.expect(']');
    return { k: 'tuple', items };
  }

  private object(): Expr {
    this.i++;
    if (this.isFor()) return this.forExpr(true);
    const items: Array<[Expr, Expr]> = [];
    while (!this.peek('}')) {
      this.ws();
      const save = this.i;
      const id = this.ident();
      let key: Expr;
      if (id && (this.peek('=') || this.peek(':')) && !this.peek('==')) key = { k: 'lit', v: id };
      else { this.i = save; key = this.expr(); }
      if (!this.eat('=')) this.expect(':');
      items.push([key, this.expr()]);
      this.eat(',');
    }
    this.expect('}');
    return { k: 'object', items };
  }

  private heredoc(): Expr {
    const m = /^<<(-?)([A-Za-z_][\w-]*)[^\n]*\n/.exec(this.s.slice(this.i));
    if (!m) throw new Error('bad heredoc');
    const start = this.i + m[0].length;
    const end = new RegExp(`^[ \\t]*${m[2]}[ \\t]*$`, 'm');
    const rest = this.s.slice(start);
    const e = end.exec(rest);
    const body = e ? rest.slice(0, e.index) : rest;
    this.i = e ? start + e.index + e[0].length : this.s.length;
    let text = body;
    if (m[1]) {
      const lines = body.split('\n');
      const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
      text = lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
    }
    return parseTemplate(text);
  }

  private quoted(): Expr {
    const start = ++this.i;
    let depth = 0;
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '\\') { this.i += 2; continue; }
      if ((c === '$' || c === '%') && this.s[this.i + 1] === '{' && this.s[this.i - 1] !== c) { depth++; this.i += 2; continue; }
      if (depth > 0 && c === '"') { this.quoted(); continue; }
      if (depth > 0 && c === '}') { depth--; this.i++; continue; }
      if (depth === 0 && c === '"') break;
      this.i++;
    }
    const raw = this.s.slice(start, this.i);
    this.i++;
    return parseTemplate(unescape(raw));
  }
}

function unescape(raw: string): string {
  return raw.replace(/\\(["\\nrt])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[c] ?? c);
}

/** A template string (`a-${var.x}-b`); `$${` and `%%{` are literal. A bare `${x}` is the expression itself. */
export function parseTemplate(text: string): Expr {
  if (!text.includes('${') && !text.includes('%{')) return { k: 'lit', v: text };
  const parts: Array<string | Expr> = [];
  let lit = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i) || text.startsWith('%%{', i)) { lit += text.slice(i + 1, i + 3); i += 3; continue; }
    if (text.startsWith('%{', i)) return { k: 'bad', why: 'template directives (%{ }) are not evaluated' };
    if (text.startsWith('${', i)) {
      const p = new P(text);
      p.i = i + 2;
      let e: Expr;
      try {
        e = p.expr();
        if (!p['eat']('}')) return { k: 'bad', why: 'unterminated interpolation' };
      } catch (err) {
        return { k: 'bad', why: (err as Error).message };
      }
      if (lit) parts.push(lit);
      lit = '';
      parts.push(e);
      i = p.i;
      continue;
    }
    lit += text[i++];
  }
  if (lit) parts.push(lit);
  if (parts.length === 1 && typeof parts[0] !== 'string') return parts[0];
  return { k: 'tpl', parts };
}
