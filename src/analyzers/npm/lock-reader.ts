/**
 * package-lock.json v2/v3 read without building its JSON tree (issue #19).
 *
 * Why hand-written: a 120k-entry lockfile is 26 MB; JSON.parse builds ~1.5 M objects and strings for it (1 s
 * here, plus the GC and page faults of a 130 MB tree), while the parser needs eleven fields per entry and only
 * the *keys* of the dependency maps. This reader validates the whole text as JSON exactly as JSON.parse does
 * (RFC 8259 grammar, same accept/reject), keeps the fields placeV2 reads and skips everything else.
 *
 * Exactness contract, checked by a differential property test against `reduceLockDoc(JSON.parse(text))`:
 * the same accept/reject, and the same reduced view: JSON.parse's key order (array-index keys first,
 * ascending, then insertion order; a duplicate key keeps its first position and its last value), the same
 * `typeof` of every field read. Values in rare shapes (escaped strings, non-string names, license objects,
 * workspaces) are handed to JSON.parse itself, so their semantics cannot drift.
 */
import { declaredDepsFromKeys, npmLicenses } from './purl.js';

/** One `packages` entry as placeV2 reads it. */
export interface LockFields {
  name: unknown;
  version: unknown;
  resolved: unknown;
  workspaces: unknown;
  /** `dev === true` */
  dev: boolean;
  /** `link` is truthy */
  link: boolean;
  licenses: string[];
  /** declaredDeps(): names from dependencies, optionalDependencies, peerDependencies, requires. */
  depNames: string[];
}

export interface LockDoc<T = LockFields> {
  /** false: the top-level value is not an object (an array counts as an object with no fields, as in JS). */
  object: boolean;
  lockfileVersion: unknown;
  /** `packages` when it is an object (or array): install path → entry; undefined for entries that are not objects. */
  packages?: Map<string, T | undefined>;
  /** The project entry `""` of `packages` as read (before `make`: its `workspaces` decide which folders are members). */
  root?: LockFields;
  /** The v1 `dependencies` tree, parsed on demand (v2 files carry it too, and it is then never read). */
  dependencies: () => unknown;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const LBRACE = 123;
const RBRACE = 125;
const LBRACK = 91;
const RBRACK = 93;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;

/** Dependency-map fields, in declaredDeps' order. */
const DEP_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies', 'requires'];

const isDigit = (c: number) => c >= ZERO && c <= NINE;

/** A canonical array index ("0", "17", not "017"), which JS objects order before every other key. */
function isArrayIndex(k: string): boolean {
  const n = k.length;
  if (n === 0 || n > 10) return false;
  const c0 = k.charCodeAt(0);
  if (c0 === ZERO) return n === 1;
  for (let i = 0; i < n; i++) if (!isDigit(k.charCodeAt(i))) return false;
  return Number(k) <= 4294967294;
}

/**
 * JSON.parse's (and Object.keys') order for keys read in document order: indices first, duplicates once.
 * Always a new array of exactly that length (the result outlives the read; `keys` may be a scratch list).
 */
function jsKeyOrder(keys: string[]): string[] {
  const n = keys.length;
  let indices = false;
  // A dependency map holds a few keys: pairwise comparison finds duplicates without a Set.
  let dup = n > 16;
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    if (!indices && isArrayIndex(k)) indices = true;
    if (!dup) for (let j = 0; j < i; j++) if (keys[j] === k) { dup = true; break; }
  }
  if (!indices && !dup) return keys.slice();
  const unique = [...new Set(keys)];
  if (!indices) return unique;
  const idx = unique.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b));
  return [...idx, ...unique.filter((k) => !isArrayIndex(k))];
}

class Reader {
  i = 0;
  private readonly n: number;
  constructor(private readonly s: string) { this.n = s.length; }

  fail(): never {
    const at = this.i < this.n ? `unexpected character at position ${this.i}` : 'unexpected end of input';
    throw new SyntaxError(`not valid JSON: ${at}`);
  }

  /** Skips whitespace; the character code there (NaN at the end). */
  ws(): number {
    const s = this.s;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else { this.i = i; return c; }
    }
  }

  /** At a quote: the string's value. Plain strings are sliced; escaped ones go through JSON.parse. */
  string(): string {
    const s = this.s;
    const start = this.i;
    let i = start + 1;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) { this.i = i + 1; return s.slice(start + 1, i); }
      if (c === BACKSLASH) { this.skipString(); return JSON.parse(s.slice(start, this.i)) as string; }
      if (!(c >= 32)) { this.i = i; this.fail(); } // control character, or the end (NaN)
      i++;
    }
  }

  /** At a quote: past the string, validating escapes. */
  skipString(): void {
    const s = this.s;
    let i = this.i + 1;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) { this.i = i + 1; return; }
      if (c === BACKSLASH) {
        const e = s.charCodeAt(i + 1);
        if (e === 117) { // \uXXXX
          for (let k = 2; k < 6; k++) if (!isHex(s.charCodeAt(i + k))) { this.i = i + k; this.fail(); }
          i += 6;
          continue;
        }
        if (e === QUOTE || e === BACKSLASH || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) { i += 2; continue; }
        this.i = i + 1;
        this.fail();
      }
      if (!(c >= 32)) { this.i = i; this.fail(); }
      i++;
    }
  }

  private skipNumber(): void {
    const s = this.s;
    let i = this.i;
    if (s.charCodeAt(i) === MINUS) i++;
    const c = s.charCodeAt(i);
    if (c === ZERO) i++;
    else if (c > ZERO && c <= NINE) while (isDigit(s.charCodeAt(++i)));
    else { this.i = i; this.fail(); }
    if (s.charCodeAt(i) === 46) {
      if (!isDigit(s.charCodeAt(++i))) { this.i = i; this.fail(); }
      while (isDigit(s.charCodeAt(++i)));
    }
    const e = s.charCodeAt(i);
    if (e === 101 || e === 69) {
      const sign = s.charCodeAt(++i);
      if (sign === 43 || sign === MINUS) i++;
      if (!isDigit(s.charCodeAt(i))) { this.i = i; this.fail(); }
      while (isDigit(s.charCodeAt(++i)));
    }
    this.i = i;
  }

  private skipLiteral(): void {
    for (const word of ['true', 'false', 'null']) {
      if (this.s.startsWith(word, this.i)) { this.i += word.length; return; }
    }
    this.fail();
  }

  /** Past a key and its colon (inside an object being skipped). */
  private skipKey(): void {
    if (this.ws() !== QUOTE) this.fail();
    this.skipString();
    if (this.ws() !== COLON) this.fail();
    this.i++;
  }

  /** Past any JSON value, validating it; iterative, so nesting depth cannot overflow the stack. */
  skipValue(): void {
    const objects: boolean[] = []; // open containers, innermost last: true = object
    for (;;) {
      let c = this.ws();
      if (c === LBRACE || c === LBRACK) {
        this.i++;
        const close = c === LBRACE ? RBRACE : RBRACK;
        if (this.ws() === close) this.i++;
        else {
          objects.push(c === LBRACE);
          if (c === LBRACE) this.skipKey();
          continue;
        }
      } else if (c === QUOTE) this.skipString();
      else if (c === MINUS || isDigit(c)) this.skipNumber();
      else this.skipLiteral();
      // After a value: commas and closing brackets until the next value starts or the outermost one ends.
      for (;;) {
        if (objects.length === 0) return;
        c = this.ws();
        const inObject = objects[objects.length - 1];
        if (c === COMMA) { this.i++; if (inObject) this.skipKey(); break; }
        if (c === (inObject ? RBRACE : RBRACK)) { this.i++; objects.pop(); continue; }
        this.fail();
      }
    }
  }

  /** Any value, with JSON.parse's own semantics (for rare shapes). */
  value(): unknown {
    const start = this.i;
    this.skipValue();
    return JSON.parse(this.s.slice(start, this.i));
  }

  /** A string fast, anything else through value(). */
  stringOrValue(): unknown {
    return this.ws() === QUOTE ? this.string() : this.value();
  }

  /** `true` fast, anything else through value(). */
  literalTrue(): unknown {
    if (this.ws() === 116 && this.s.startsWith('true', this.i)) { this.i += 4; return true; }
    return this.value();
  }

  /**
   * Members of the object at i: calls `member(key)` after each key's colon; `member` must consume the value.
   * Returns false (consuming nothing) when the value at i is not an object.
   */
  members(member: (key: string) => void): boolean {
    if (this.ws() !== LBRACE) return false;
    this.i++;
    let c = this.ws();
    if (c === RBRACE) { this.i++; return true; }
    for (;;) {
      if (c !== QUOTE) this.fail();
      const key = this.string();
      if (this.ws() !== COLON) this.fail();
      this.i++;
      member(key);
      c = this.ws();
      if (c === COMMA) { this.i++; c = this.ws(); continue; }
      if (c === RBRACE) { this.i++; return true; }
      this.fail();
    }
  }

  /** Reused by keysOrSkip (never nested): the keys are copied out at their exact count. */
  private readonly scratch: string[] = [];
  /**
   * Dependency names seen so far, each kept once: a name is listed by several entries (~360k names, ~100k
   * distinct in a 120k-entry lockfile), and the kept copy's hash is computed once for every lookup made with it.
   */
  private readonly names = new Map<string, string>();
  readonly licenseLists: LicenseLists = new Map();

  private name(): string {
    const k = this.string();
    const kept = this.names.get(k);
    if (kept !== undefined) return kept;
    this.names.set(k, k);
    return k;
  }

  /** The keys of a dependency map, in JS order; undefined when the value is not an object (arrays included). */
  keysOrSkip(): string[] | undefined {
    if (this.ws() !== LBRACE) { this.skipValue(); return undefined; }
    const keys = this.scratch;
    keys.length = 0;
    this.i++;
    let c = this.ws();
    if (c === RBRACE) { this.i++; return []; }
    for (;;) {
      if (c !== QUOTE) this.fail();
      keys.push(this.name());
      if (this.ws() !== COLON) this.fail();
      this.i++;
      this.skipValue();
      c = this.ws();
      if (c === COMMA) { this.i++; c = this.ws(); continue; }
      if (c === RBRACE) { this.i++; return jsKeyOrder(keys); }
      this.fail();
    }
  }

  /**
   * At a key's quote: past the key, the index of the key in FIELDS (-1 for any other key). Plain keys are
   * compared in place: no string is made for the ~8 keys of each of 120k entries.
   */
  field(): number {
    const s = this.s;
    const start = this.i + 1;
    let i = start;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) break;
      if (c === BACKSLASH) return FIELDS.indexOf(this.string());
      if (!(c >= 32)) { this.i = i; this.fail(); }
      i++;
    }
    this.i = i + 1;
    const n = i - start;
    for (let f = 0; f < FIELDS.length; f++) if (FIELDS[f].length === n && s.startsWith(FIELDS[f], start)) return f;
    return -1;
  }

  /** Only whitespace may follow the top-level value. */
  end(): void {
    this.ws();
    if (this.i < this.n) this.fail();
  }
}

function isHex(c: number): boolean {
  return (c >= ZERO && c <= NINE) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/**
 * One frozen list per license string of this read (`["MIT"]` for 100k entries: one list and one string, not 100k
 * of each). Frozen: nothing may push into a list other entries share.
 */
type LicenseLists = Map<string, string[]>;

function fields(raw: { name?: unknown; version?: unknown; resolved?: unknown; workspaces?: unknown; dev?: unknown; link?: unknown; license?: unknown; licenses?: unknown }, deps: Array<string[] | undefined>, lists?: LicenseLists): LockFields {
  let licenses: string[];
  if (lists && typeof raw.license === 'string' && raw.license && raw.licenses === undefined) {
    licenses = lists.get(raw.license) ?? [];
    if (!licenses.length) lists.set(raw.license, (licenses = Object.freeze([raw.license]) as unknown as string[]));
  } else licenses = npmLicenses(raw);
  return {
    name: raw.name, version: raw.version, resolved: raw.resolved, workspaces: raw.workspaces,
    dev: raw.dev === true, link: !!raw.link, licenses, depNames: declaredDepsFromKeys(deps),
  };
}

/** The entry fields read, in readEntry's switch order; the last four are DEP_FIELDS. */
const FIELDS = ['name', 'version', 'resolved', 'license', 'dev', 'link', 'licenses', 'workspaces', ...DEP_FIELDS];

/** One entry object read in place (members() inlined: no closure per entry). */
function readEntry(r: Reader): LockFields | undefined {
  // Not an object: an array reads as an object without these fields, anything else is no entry.
  if (r.ws() !== LBRACE) return reduceEntry(r.value());
  const raw: { name?: unknown; version?: unknown; resolved?: unknown; workspaces?: unknown; dev?: unknown; link?: unknown; license?: unknown; licenses?: unknown } = {};
  const deps: Array<string[] | undefined> = [undefined, undefined, undefined, undefined];
  r.i++;
  let c = r.ws();
  if (c === RBRACE) { r.i++; return fields(raw, deps, r.licenseLists); }
  for (;;) {
    if (c !== QUOTE) r.fail();
    const f = r.field();
    if (r.ws() !== COLON) r.fail();
    r.i++;
    switch (f) {
      case 0: raw.name = r.stringOrValue(); break;
      case 1: raw.version = r.stringOrValue(); break;
      case 2: raw.resolved = r.stringOrValue(); break;
      case 3: raw.license = r.stringOrValue(); break;
      case 4: raw.dev = r.literalTrue(); break;
      case 5: raw.link = r.literalTrue(); break;
      case 6: raw.licenses = r.value(); break;
      case 7: raw.workspaces = r.value(); break;
      case 8: case 9: case 10: case 11: deps[f - 8] = r.keysOrSkip(); break;
      default: r.skipValue();
    }
    c = r.ws();
    if (c === COMMA) { r.i++; c = r.ws(); continue; }
    if (c === RBRACE) { r.i++; return fields(raw, deps, r.licenseLists); }
    r.fail();
  }
}

/** The oracle's view of one parsed entry (also used for the rare `packages` that is an array). */
function reduceEntry(e: unknown): LockFields | undefined {
  if (!e || typeof e !== 'object') return undefined;
  const o = e as Record<string, unknown>;
  const keysOf = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : undefined);
  return fields(o, DEP_FIELDS.map((f) => keysOf(o[f])));
}

/** The same reduced view from an already parsed document: the reference the reader is tested against. */
export function reduceLockDoc(doc: unknown): LockDoc {
  if (!doc || typeof doc !== 'object') return { object: false, lockfileVersion: undefined, dependencies: () => undefined };
  const d = doc as { lockfileVersion?: unknown; packages?: unknown; dependencies?: unknown };
  const out: LockDoc = { object: true, lockfileVersion: d.lockfileVersion, dependencies: () => d.dependencies };
  if (d.packages && typeof d.packages === 'object') {
    out.packages = new Map();
    for (const key in d.packages) out.packages.set(key, reduceEntry((d.packages as Record<string, unknown>)[key]));
  }
  return out;
}

/**
 * Reads a package-lock text; throws SyntaxError where JSON.parse would. `make` turns each `packages` entry into
 * what the map keeps, as it is read (a parser's own object per entry, instead of this view and then its own).
 */
export function readPackageLock(text: string): LockDoc;
export function readPackageLock<T>(text: string, make: (path: string, e: LockFields | undefined) => T | undefined): LockDoc<T>;
export function readPackageLock<T>(text: string, make?: (path: string, e: LockFields | undefined) => T | undefined): LockDoc<T> {
  const keep = make ?? ((_: string, e: LockFields | undefined) => e as T | undefined);
  const r = new Reader(text);
  let lockfileVersion: unknown;
  let packages: Map<string, T | undefined> | undefined;
  let root: LockFields | undefined;
  let depsText: string | undefined;
  const first = r.ws();
  const isObject = r.members((key) => {
    if (key === 'packages') {
      const map = new Map<string, T | undefined>();
      let indices = false;
      root = undefined; // a later `packages` replaces an earlier one whole
      const isObj = r.members((path) => {
        if (!indices && isArrayIndex(path)) indices = true;
        const e = readEntry(r);
        if (path === '') root = e;
        // A duplicate key keeps its first position: delete-then-set would move it.
        map.set(path, keep(path, e));
      });
      if (isObj) packages = indices ? reorder(map) : map;
      else {
        const v = r.value();
        const reduced = v && typeof v === 'object' ? reduceLockDoc({ packages: v }).packages : undefined;
        packages = reduced ? new Map([...reduced].map(([path, e]) => [path, keep(path, e)])) : undefined;
      }
    } else if (key === 'lockfileVersion') lockfileVersion = r.value();
    else if (key === 'dependencies') {
      const start = r.i;
      r.skipValue();
      depsText = text.slice(start, r.i);
    } else r.skipValue();
  });
  if (!isObject) {
    r.skipValue();
    r.end();
    return { object: first === LBRACK, lockfileVersion: undefined, dependencies: () => undefined };
  }
  r.end();
  const dependencies = () => (depsText === undefined ? undefined : JSON.parse(depsText));
  if (!packages) return { object: true, lockfileVersion, dependencies };
  return root ? { object: true, lockfileVersion, packages, root, dependencies } : { object: true, lockfileVersion, packages, dependencies };
}

function reorder<T>(map: Map<string, T | undefined>): Map<string, T | undefined> {
  const order = jsKeyOrder([...map.keys()]);
  return new Map(order.map((k) => [k, map.get(k)]));
}
