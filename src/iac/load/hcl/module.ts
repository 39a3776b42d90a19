/**
 * One Terraform module directory evaluated with its inputs: variables (inputs, tfvars, defaults; else unknown),
 * locals (lazily, cycles → unknown), resources expanded by `count`/`for_each` when those are known (one instance with
 * unknown `count.index`/`each` otherwise), module calls with local sources evaluated recursively, the rest recorded.
 */
import { posix } from 'node:path';
import type { RawResource } from '../../model/node.js';
import type { ResourceMeta } from '../../model/meta.js';
import type { State } from '../../model/state.js';
import { known, unknown, type Loc } from '../../model/value.js';
import { evalJson, type Scope } from './eval.js';
import type { LocBlock, LocBody } from './locate.js';
import { buildBody, valueToNode, type NodeBuilder } from './to-node.js';
import { isObj, isUnknown, Unknown, type HclValue } from './value.js';

export interface ParsedFile { file: string; json: Record<string, unknown>; loc?: LocBody }

export interface ModuleDir { dir: string; files: ParsedFile[] }

export interface ModuleEnv {
  dirs: Map<string, ModuleDir>;
  readFile(path: string): string | undefined;
  state: State;
  resources: RawResource[];
  /** Shared by nested module evaluations. */
  stats: { unknowns: number };
  /** Guards against module cycles and runaway nesting. */
  depth: number;
}

const MAX_INSTANCES = 1000;

type Blocks = Array<{ labels: string[]; body: Record<string, unknown>; file: ParsedFile; loc?: LocBlock }>;

/** Every block of a kind (`resource`, `module`…) across the module's files, with its labels and located block. */
function blocksOf(mod: ModuleDir, kind: string, depth: number): Blocks {
  const out: Blocks = [];
  for (const f of mod.files) {
    const locs = f.loc?.blocks.get(kind) ?? [];
    const walk = (v: unknown, labels: string[]): void => {
      if (labels.length === depth) {
        for (const body of Array.isArray(v) ? v : [v]) {
          const loc = locs.find((l) => l.labels.join('\u0000') === labels.join('\u0000'));
          out.push({ labels, body: body as Record<string, unknown>, file: f, loc });
        }
        return;
      }
      if (isObj(v as HclValue)) for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, [...labels, k]);
    };
    if (f.json[kind] !== undefined) walk(f.json[kind], []);
  }
  return out;
}

function locOf(b: Blocks[number]): Loc {
  return b.loc ? { file: b.file.file, line: b.loc.line, endLine: b.loc.endLine } : { file: b.file.file, line: 1 };
}

function makeScope(mod: ModuleDir, env: ModuleEnv, vars: Record<string, HclValue>): Scope {
  const raw = new Map<string, unknown>();
  for (const f of mod.files) for (const l of (Array.isArray(f.json.locals) ? f.json.locals : [f.json.locals ?? {}]) as Array<Record<string, unknown>>) for (const [k, v] of Object.entries(l)) raw.set(k, v);
  const done = new Map<string, HclValue>();
  const busy = new Set<string>();
  const scope: Scope = {
    vars,
    extra: { path: { module: mod.dir, root: '.', cwd: '.' }, terraform: { workspace: new Unknown('terraform.workspace is chosen at run time') } },
    readFile: (p) => env.readFile(posix.normalize(posix.isAbsolute(p) ? p : posix.join(mod.dir, p))),
    local(name) {
      if (done.has(name)) return done.get(name)!;
      if (!raw.has(name)) return new Unknown(`local.${name} is not defined`);
      if (busy.has(name)) return new Unknown(`local.${name} refers to itself`);
      busy.add(name);
      const v = evalJson(raw.get(name), scope);
      busy.delete(name);
      done.set(name, v);
      return v;
    },
  };
  return scope;
}

function variables(mod: ModuleDir, env: ModuleEnv, inputs: Record<string, HclValue>, prefix: string): Record<string, HclValue> {
  const vars: Record<string, HclValue> = {};
  const empty = makeScope(mod, env, {});
  for (const b of blocksOf(mod, 'variable', 1)) {
    const name = b.labels[0];
    const hasDefault = Object.hasOwn(b.body, 'default');
    vars[name] = Object.hasOwn(inputs, name) ? inputs[name] : hasDefault ? evalJson(b.body.default, empty) : new Unknown(`var.${name} has no value`);
    const meta: ResourceMeta = { address: `${prefix}var.${name}`, type: 'variable', source: 'terraform', loc: locOf(b) };
    const sensitive = b.body.sensitive === true || b.body.sensitive === 'true';
    const line = b.loc?.body.attrs.get('sensitive') ?? meta.loc.line;
    env.state.terraform.variables.push({
      meta, name, sensitive: known(sensitive, { file: meta.loc.file, line }, b.body.sensitive !== undefined),
      ...(hasDefault ? { default: valueToNode(evalJson(b.body.default, empty), { file: meta.loc.file, line: b.loc?.body.attrs.get('default') ?? meta.loc.line }, { file: meta.loc.file, unknowns: 0 }) } : {}),
    });
  }
  return vars;
}

/** `count`/`for_each` → instance keys and their iteration values; unknown → one instance with unknown iteration. */
function instances(body: Record<string, unknown>, scope: Scope): Array<{ suffix: string; extra: Record<string, HclValue> }> {
  if (body.count !== undefined) {
    const n = evalJson(body.count, scope);
    if (isUnknown(n)) return [{ suffix: '[0]', extra: { count: { index: new Unknown(`count ${n.reason}`) } } }];
    return Array.from({ length: Math.min(Math.max(0, Number(n) || 0), MAX_INSTANCES) }, (_, i) => ({ suffix: `[${i}]`, extra: { count: { index: i } } }));
  }
  if (body.for_each !== undefined) {
    const each = evalJson(body.for_each, scope);
    if (isUnknown(each)) return [{ suffix: '["?"]', extra: { each: { key: new Unknown(`for_each ${each.reason}`), value: new Unknown(`for_each ${each.reason}`) } } }];
    const entries: Array<[string, HclValue]> = Array.isArray(each) ? each.map((v) => [String(v), v]) : isObj(each) ? Object.entries(each) : [];
    return entries.slice(0, MAX_INSTANCES).map(([k, v]) => ({ suffix: `[${JSON.stringify(k)}]`, extra: { each: { key: k, value: v } } }));
  }
  return [{ suffix: '', extra: {} }];
}

function resources(mod: ModuleDir, env: ModuleEnv, scope: Scope, prefix: string): void {
  for (const b of blocksOf(mod, 'resource', 2)) {
    const [type, name] = b.labels;
    for (const inst of instances(b.body, scope)) {
      const s: Scope = { ...scope, extra: { ...scope.extra, ...inst.extra } };
      const builder: NodeBuilder = { file: b.file.file, unknowns: 0 };
      const loc = locOf(b);
      const body = buildBody(b.body, b.loc?.body, loc, s, builder);
      env.stats.unknowns += builder.unknowns;
      env.resources.push({ type, address: `${prefix}${type}.${name}${inst.suffix}`, source: 'terraform', loc, body });
    }
  }
}

function moduleCalls(mod: ModuleDir, env: ModuleEnv, scope: Scope, prefix: string): void {
  for (const b of blocksOf(mod, 'module', 1)) {
    const name = b.labels[0];
    const loc = locOf(b);
    const source = evalJson(b.body.source, scope);
    const version = b.body.version === undefined ? undefined : evalJson(b.body.version, scope);
    const at = (k: string): Loc => ({ file: loc.file, line: b.loc?.body.attrs.get(k) ?? loc.line });
    env.state.terraform.modules.push({
      meta: { address: `${prefix}module.${name}`, type: 'module', source: 'terraform', loc }, name,
      source: typeof source === 'string' ? known(source, at('source')) : unknown(at('source'), 'module source is not a literal'),
      version: version === undefined ? known(undefined, loc, false) : typeof version === 'string' ? known(version, at('version')) : unknown(at('version'), 'version is not a literal'),
    });
    if (typeof source !== 'string' || !(source.startsWith('./') || source.startsWith('../'))) continue;
    const child = env.dirs.get(posix.normalize(posix.join(mod.dir, source)));
    if (!child || env.depth > 20) continue;
    for (const inst of instances(b.body, scope)) {
      const s: Scope = { ...scope, extra: { ...scope.extra, ...inst.extra } };
      const inputs: Record<string, HclValue> = {};
      for (const [k, v] of Object.entries(b.body)) if (!['source', 'version', 'count', 'for_each', 'providers', 'depends_on'].includes(k)) inputs[k] = evalJson(v, s);
      evaluateModule(child, { ...env, depth: env.depth + 1 }, inputs, `${prefix}module.${name}${inst.suffix}.`);
    }
  }
}

function configBlocks(mod: ModuleDir, env: ModuleEnv, scope: Scope, prefix: string): void {
  for (const b of blocksOf(mod, 'provider', 1)) {
    const builder: NodeBuilder = { file: b.file.file, unknowns: 0 };
    const loc = locOf(b);
    env.state.terraform.providers.push({ meta: { address: `${prefix}provider.${b.labels[0]}`, type: 'provider', source: 'terraform', loc }, name: b.labels[0], body: buildBody(b.body, b.loc?.body, loc, scope, builder) });
  }
  for (const t of blocksOf(mod, 'terraform', 0)) {
    const backends = t.body.backend;
    if (!isObj(backends as HclValue)) continue;
    for (const [type, defs] of Object.entries(backends as Record<string, unknown>)) {
      const body = (Array.isArray(defs) ? defs[0] : defs) as Record<string, unknown>;
      const bl = t.loc?.body.blocks.get('backend')?.find((x) => x.labels[0] === type);
      const loc: Loc = bl ? { file: t.file.file, line: bl.line, endLine: bl.endLine } : locOf(t);
      env.state.terraform.backends.push({ meta: { address: `${prefix}terraform.backend.${type}`, type: 'backend', source: 'terraform', loc }, type, body: buildBody(body, bl?.body, loc, scope, { file: t.file.file, unknowns: 0 }) });
    }
  }
}

export function evaluateModule(mod: ModuleDir, env: ModuleEnv, inputs: Record<string, HclValue>, prefix: string): void {
  const vars = variables(mod, env, inputs, prefix);
  const scope = makeScope(mod, env, vars);
  resources(mod, env, scope, prefix);
  configBlocks(mod, env, scope, prefix);
  moduleCalls(mod, env, scope, prefix);
}
