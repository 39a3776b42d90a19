/**
 * Terraform files → resources: HCL parsed by HashiCorp's hcl2json (@cdktf/hcl2json), positions from `hcl/locate.ts`,
 * values evaluated by `hcl/module.ts`. Each directory with .tf files is a root module unless another scanned module
 * calls it by a local source. Root modules read `terraform.tfvars` and `*.auto.tfvars` (as `terraform plan` does).
 */
import { posix } from 'node:path';
import type { Analysis } from './analysis.js';
import { locateHcl } from './hcl/locate.js';
import { evalJson } from './hcl/eval.js';
import { evaluateModule, type ModuleDir, type ModuleEnv, type ParsedFile } from './hcl/module.js';
import { fromPlain, Unknown, type HclValue } from './hcl/value.js';
import { adaptResources } from '../adapters/terraform/index.js';
import { HclParsePool } from './hcl/parse-pool.js';

function dirOf(file: string): string {
  const d = posix.dirname(file);
  return d === '' ? '.' : d;
}

type Hcl2Json = { parse(filename: string, contents: string): Promise<Record<string, unknown>> };
/**
 * Loaded by a non-literal specifier on purpose: the package's typings pull in `lib="dom"` for the whole program,
 * which changes global types (`Crypto`) other folders compile against.
 */
const HCL2JSON = '@cdktf/hcl2json';
let hcl2json: Promise<Hcl2Json> | undefined;

function parse(file: string, text: string): Promise<Record<string, unknown>> {
  hcl2json ??= import(HCL2JSON) as Promise<Hcl2Json>;
  return hcl2json.then((m) => m.parse(file, text));
}

type Parser = (file: string, text: string) => Promise<Record<string, unknown>>;

async function parseFile(file: string, text: string, hcl: Parser): Promise<ParsedFile | string> {
  try {
    if (file.endsWith('.json')) return { file, json: JSON.parse(text) as Record<string, unknown> };
    const json = await hcl(file, text);
    return { file, json, loc: locateHcl(text) };
  } catch (err) {
    return `${file}: invalid Terraform: ${((err as Error).message ?? String(err)).split('\n')[0].replace(/^parse config: \[?/, '').replace(/\]$/, '')}`;
  }
}

/**
 * Every file parsed, in input order. Calls are issued PARSE_BATCH at a time: hcl2json's Go/WASM bridge answers each
 * call on a later event-loop turn, so awaiting one call before the next left the thread idle between them (~4 ms a
 * file under load, against ~0.7 ms when many calls are in flight); a bound keeps the pending texts and results small.
 */
const PARSE_BATCH = 256;
const POOL_BATCH = 2048;

async function parseAll(files: Map<string, string>): Promise<Array<[string, ParsedFile | string]>> {
  const list = [...files];
  const pool = HclParsePool.forFiles(list.filter(([f]) => !f.endsWith('.json')).length);
  const hcl: Parser = pool ? (f, t) => pool.parse(f, t) : parse;
  const step = pool ? POOL_BATCH : PARSE_BATCH;
  const out: Array<[string, ParsedFile | string]> = [];
  try {
    for (let i = 0; i < list.length; i += step) {
      const batch = list.slice(i, i + step);
      const parsed = await Promise.all(batch.map(([file, text]) => parseFile(file, text, hcl)));
      batch.forEach(([file], j) => out.push([file, parsed[j]]));
    }
  } finally {
    await pool?.close();
  }
  return out;
}

function isAutoVars(file: string): boolean {
  const base = posix.basename(file);
  return base === 'terraform.tfvars' || base === 'terraform.tfvars.json' || base.endsWith('.auto.tfvars') || base.endsWith('.auto.tfvars.json');
}

function tfvarsValues(p: ParsedFile): Record<string, HclValue> {
  const out: Record<string, HclValue> = {};
  const noScope = {
    vars: {}, extra: {}, readFile: () => undefined, local: (n: string) => new Unknown(`local.${n} in tfvars`),
  };
  for (const [k, v] of Object.entries(p.json)) out[k] = p.file.endsWith('.json') ? fromPlain(v) : evalJson(v, noScope);
  return out;
}

/** Local module sources called from `mod` (normalised directory paths). */
function calledDirs(mod: ModuleDir): string[] {
  const out: string[] = [];
  for (const f of mod.files) {
    const calls = f.json.module as Record<string, Array<Record<string, unknown>>> | undefined;
    for (const defs of Object.values(calls ?? {})) {
      for (const d of Array.isArray(defs) ? defs : [defs]) {
        if (typeof d.source === 'string' && (d.source.startsWith('./') || d.source.startsWith('../'))) out.push(posix.normalize(posix.join(mod.dir, d.source)));
      }
    }
  }
  return out;
}

export async function readTerraform(a: Analysis, files: Map<string, string>, all: Map<string, string> = files): Promise<void> {
  const dirs = new Map<string, ModuleDir>();
  const tfvars = new Map<string, ParsedFile[]>();
  for (const [file, parsed] of await parseAll(files)) {
    if (typeof parsed === 'string') { a.errors.push(parsed); continue; }
    const dir = dirOf(file);
    if (/\.tfvars(\.json)?$/.test(file)) {
      if (isAutoVars(file)) tfvars.set(dir, [...(tfvars.get(dir) ?? []), parsed]);
      continue;
    }
    let mod = dirs.get(dir);
    if (!mod) dirs.set(dir, (mod = { dir, files: [] }));
    mod.files.push(parsed);
  }
  const called = new Set([...dirs.values()].flatMap(calledDirs));
  const env: ModuleEnv = {
    dirs, readFile: (p) => all.get(p) ?? all.get(p.replace(/^\.\//, '')), state: a.state, resources: [], stats: { unknowns: 0 }, depth: 0,
  };
  for (const mod of dirs.values()) {
    if (called.has(mod.dir)) continue;
    const inputs: Record<string, HclValue> = {};
    for (const p of (tfvars.get(mod.dir) ?? []).sort((x, y) => (x.file < y.file ? -1 : 1))) Object.assign(inputs, tfvarsValues(p));
    evaluateModule(mod, env, inputs, '');
  }
  a.unknownValues += env.stats.unknowns;
  a.resources += env.resources.length;
  adaptResources(env.resources, a);
}
