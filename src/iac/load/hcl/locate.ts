/**
 * Where each block and attribute of an HCL file starts and ends. hcl2json gives values without positions, so this
 * scanner walks the same text once (strings, `${}` nesting, heredocs and comments aware) and records lines by
 * structure: `resource "aws_x" "y" { vpc_config { endpoint_public_access = … } }`.
 */

export interface LocBody {
  /** Attribute name → 1-based line. */
  attrs: Map<string, number>;
  /** Block type → its blocks in order (the order hcl2json keeps). */
  blocks: Map<string, LocBlock[]>;
}

export interface LocBlock { labels: string[]; line: number; endLine: number; body: LocBody }

type Tok = { t: 'id' | 'str' | '{' | '}' | '=' | 'nl' | 'open' | 'close' | 'other'; v: string; line: number };

class Scanner {
  pos = 0;
  line = 1;
  readonly toks: Tok[] = [];
  constructor(private readonly s: string) {}

  private skipString(): string {
    // at the opening quote; returns the raw content (interpolations included)
    const start = this.pos + 1;
    this.pos++;
    while (this.pos < this.s.length) {
      const c = this.s[this.pos];
      if (c === '\\') { this.pos += 2; continue; }
      if (c === '"') { this.pos++; return this.s.slice(start, this.pos - 1); }
      if (c === '\n') this.line++;
      if ((c === '$' || c === '%') && this.s[this.pos + 1] === '{' && this.s[this.pos - 1] !== c) { this.pos += 2; this.skipNested(); continue; }
      this.pos++;
    }
    return this.s.slice(start);
  }

  /** Inside `${ … }` up to its closing brace (nested strings and braces). */
  private skipNested(): void {
    let depth = 1;
    while (this.pos < this.s.length && depth > 0) {
      const c = this.s[this.pos];
      if (c === '"') { this.skipString(); continue; }
      if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === '\n') this.line++;
      this.pos++;
    }
  }

  private skipHeredoc(): void {
    const m = /^<<-?([A-Za-z_][\w-]*)[^\n]*\n/.exec(this.s.slice(this.pos, this.pos + 200));
    if (!m) { this.pos += 2; return; }
    this.pos += m[0].length;
    this.line++;
    while (this.pos < this.s.length) {
      const end = this.s.indexOf('\n', this.pos);
      const text = this.s.slice(this.pos, end < 0 ? this.s.length : end);
      this.pos = end < 0 ? this.s.length : end;
      if (text.trim() === m[1]) return;
      if (end >= 0) { this.pos++; this.line++; }
    }
  }

  private push(t: Tok['t'], v: string, line = this.line): void {
    this.toks.push({ t, v, line });
  }

  // eslint-disable-next-line complexity -- one character switch of a tokenizer reads best as one function
  scan(): Tok[] {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === '\n') { this.push('nl', ''); this.line++; this.pos++; continue; }
      if (c === ' ' || c === '\t' || c === '\r') { this.pos++; continue; }
      if (c === '#' || (c === '/' && s[this.pos + 1] === '/')) { const e = s.indexOf('\n', this.pos); this.pos = e < 0 ? s.length : e; continue; }
      if (c === '/' && s[this.pos + 1] === '*') {
        const e = s.indexOf('*/', this.pos + 2);
        const end = e < 0 ? s.length : e + 2;
        for (let i = this.pos; i < end; i++) if (s[i] === '\n') this.line++;
        this.pos = end;
        continue;
      }
      if (c === '"') { const line = this.line; const v = this.skipString(); this.push('str', v, line); continue; }
      if (c === '<' && s[this.pos + 1] === '<') { this.push('other', '<<'); this.skipHeredoc(); continue; }
      if (c === '{') { this.push('{', c); this.pos++; continue; }
      if (c === '}') { this.push('}', c); this.pos++; continue; }
      if (c === '(' || c === '[') { this.push('open', c); this.pos++; continue; }
      if (c === ')' || c === ']') { this.push('close', c); this.pos++; continue; }
      if (c === '=' && s[this.pos + 1] !== '=' && s[this.pos + 1] !== '>' && !'!<>='.includes(s[this.pos - 1] ?? '')) { this.push('=', c); this.pos++; continue; }
      const id = /^[A-Za-z_][\w-]*/.exec(s.slice(this.pos, this.pos + 256));
      if (id) { this.push('id', id[0]); this.pos += id[0].length; continue; }
      this.push('other', c);
      this.pos++;
    }
    return this.toks;
  }
}

class Parser {
  i = 0;
  constructor(private readonly toks: Tok[]) {}

  /** Skips an attribute's expression: up to a newline outside brackets. */
  private skipExpr(): void {
    let depth = 0;
    while (this.i < this.toks.length) {
      const t = this.toks[this.i];
      if (t.t === 'nl' && depth === 0) return;
      if (t.t === '{' || t.t === 'open') depth++;
      else if (t.t === '}' || t.t === 'close') {
        if (depth === 0) return;
        depth--;
      }
      this.i++;
    }
  }

  body(): { body: LocBody; endLine: number } {
    const body: LocBody = { attrs: new Map(), blocks: new Map() };
    while (this.i < this.toks.length) {
      const t = this.toks[this.i];
      if (t.t === 'nl') { this.i++; continue; }
      if (t.t === '}') { this.i++; return { body, endLine: t.line }; }
      if (t.t !== 'id') { this.i++; continue; }
      this.i++;
      if (this.toks[this.i]?.t === '=') {
        this.i++;
        if (!body.attrs.has(t.v)) body.attrs.set(t.v, t.line);
        this.skipExpr();
        continue;
      }
      const labels: string[] = [];
      while (this.i < this.toks.length && (this.toks[this.i].t === 'str' || this.toks[this.i].t === 'id')) labels.push(this.toks[this.i++].v);
      if (this.toks[this.i]?.t !== '{') continue;
      this.i++;
      const inner = this.body();
      let list = body.blocks.get(t.v);
      if (!list) body.blocks.set(t.v, (list = []));
      list.push({ labels, line: t.line, endLine: inner.endLine, body: inner.body });
    }
    return { body, endLine: this.toks.at(-1)?.line ?? 1 };
  }
}

export function locateHcl(text: string): LocBody {
  return new Parser(new Scanner(text).scan()).body().body;
}
