/**
 * CloudFormation templates (YAML with `!Ref`/`!Sub`/`!GetAtt`/`!If`… short tags, or JSON with `Fn::…` long forms —
 * `yaml-nodes.ts` turns both into the long form) → evaluated resources for the same adapters as Terraform.
 * Evaluated as far as the template alone allows: parameters take their `Default` (none → unknown), `Mappings`,
 * `Conditions` (`Fn::Equals/Not/And/Or`, `Condition`), `Fn::If`, `Fn::Sub`, `Fn::Join`, `Fn::Select`,
 * `Fn::Split`, `Fn::FindInMap`; `AWS::NoValue` removes the property. Pseudo parameters, `Fn::GetAtt`, `Fn::ImportValue`,
 * `Fn::GetAZs`… are unknown; a `Ref`/`GetAtt` to a resource keeps the logical id so adapters can join resources.
 * A resource whose `Condition` is known false is not created and so not checked; an unknown condition keeps it.
 */
import { adaptResources } from '../adapters/terraform/index.js';
import { listNode, objectNode, scalar, unknownNode, type Node, type RawResource } from '../model/node.js';
import type { Analysis } from './analysis.js';
import { parseYamlNodes } from './yaml-nodes.js';

/** `AWS::NoValue`: the enclosing property is removed. */
const NO_VALUE: Node = { kind: 'unknown', loc: { file: '', line: 0 }, reason: 'AWS::NoValue' };

interface Template {
  params: Map<string, Node | undefined>;
  resources: Set<string>;
  mappings: Node | undefined;
  conditions: Map<string, Node>;
  condCache: Map<string, boolean | undefined>;
  unknowns: number;
}

function fieldsOf(n: Node | undefined): Map<string, Node> {
  return n?.kind === 'object' ? n.fields : new Map();
}

function str(n: Node): string | undefined {
  return n.kind === 'scalar' && n.value !== null ? String(n.value) : undefined;
}

class Evaluator {
  constructor(private readonly t: Template) {}

  private unknown(n: Node, reason: string, ref?: string): Node {
    this.t.unknowns++;
    return unknownNode(n.loc, reason, ref);
  }

  /** A parameter's value: its Default (lists split on commas for list types), or unknown. */
  private param(name: string, at: Node): Node {
    const def = this.t.params.get(name);
    if (!def) return this.unknown(at, `parameter ${name} has no Default`);
    return { ...def, loc: at.loc };
  }

  private ref(name: string, at: Node): Node {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (this.t.params.has(name)) return this.param(name, at);
    if (name.startsWith('AWS::')) return this.unknown(at, `${name} is known at deploy time`);
    if (this.t.resources.has(name)) return this.unknown(at, `Ref ${name} is known after the stack is created`, name);
    return this.unknown(at, `Ref ${name} names nothing in the template`);
  }

  /** A condition's truth, or undefined when it depends on something unknown. */
  condition(name: string, seen: Set<string> = new Set()): boolean | undefined {
    if (this.t.condCache.has(name)) return this.t.condCache.get(name);
    const def = this.t.conditions.get(name);
    if (!def || seen.has(name)) return undefined;
    seen.add(name);
    const v = this.truth(def, seen);
    this.t.condCache.set(name, v);
    return v;
  }

  private truth(n: Node, seen: Set<string>): boolean | undefined {
    if (n.kind === 'scalar') return typeof n.value === 'boolean' ? n.value : n.value === 'true' ? true : n.value === 'false' ? false : undefined;
    if (n.kind !== 'object' || n.fields.size !== 1) return undefined;
    const [[fn, arg]] = [...n.fields];
    const args = arg.kind === 'list' ? arg.items : [arg];
    switch (fn) {
      case 'Condition': { const name = str(arg); return name === undefined ? undefined : this.condition(name, seen); }
      case 'Fn::Not': { const v = this.truth(args[0], seen); return v === undefined ? undefined : !v; }
      case 'Fn::And':
      case 'Fn::Or': {
        const vs = args.map((a) => this.truth(a, seen));
        const stop = fn === 'Fn::Or';
        if (vs.includes(stop)) return stop;
        return vs.includes(undefined) ? undefined : !stop;
      }
      case 'Fn::Equals': {
        if (args.length !== 2) return undefined;
        const [a, b] = args.map((x) => this.eval(x));
        if (a.kind === 'unknown' || b.kind === 'unknown') return undefined;
        return JSON.stringify(plain(a)) === JSON.stringify(plain(b));
      }
      default: return undefined;
    }
  }

  /** Evaluates intrinsics under `n`; located like the node it replaces. */
  eval(n: Node): Node {
    if (n.kind === 'list') {
      return listNode(n.loc, n.items.map((i) => this.eval(i)).filter((i) => i !== NO_VALUE));
    }
    if (n.kind !== 'object') return n;
    if (n.fields.size === 1) {
      const [[key, arg]] = [...n.fields];
      if (key === 'Ref' || key.startsWith('Fn::')) return this.intrinsic(key, arg, n);
    }
    const fields = new Map<string, Node>();
    for (const [k, v] of n.fields) {
      const e = this.eval(v);
      if (e !== NO_VALUE) fields.set(k, e);
    }
    return objectNode(n.loc, fields);
  }

  private readonly fns: Record<string, (args: Node[], at: Node, arg: Node) => Node> = {
    Ref: (_args, at, arg) => {
      const name = str(arg);
      return name === undefined ? this.unknown(at, 'Ref of a non-string') : this.ref(name, at);
    },
    'Fn::GetAtt': (args, at, arg) => {
      const parts = arg.kind === 'scalar' ? String(arg.value).split('.') : args.map((a) => str(a) ?? '?');
      return this.unknown(at, `Fn::GetAtt ${parts.join('.')} is known after the stack is created`, parts.join('.'));
    },
    'Fn::If': (args, at) => this.fnIf(args, at),
    'Fn::Sub': (args, at) => this.sub(args, at),
    'Fn::Join': (args, at) => {
      const sep = str(args[0]);
      const list = args[1] ? this.eval(args[1]) : undefined;
      const parts = list?.kind === 'list' ? list.items.map((i) => (i.kind === 'scalar' ? str(i) : undefined)) : [undefined];
      return sep === undefined || parts.includes(undefined) ? this.unknown(at, 'Fn::Join of values not known') : scalar(parts.join(sep), at.loc);
    },
    'Fn::Select': (args, at) => {
      const idx = args[0] ? this.eval(args[0]) : undefined;
      const list = args[1] ? this.eval(args[1]) : undefined;
      const i = idx?.kind === 'scalar' ? Number(idx.value) : NaN;
      return list?.kind === 'list' && Number.isInteger(i) && list.items[i] ? list.items[i] : this.unknown(at, 'Fn::Select of values not known');
    },
    'Fn::Split': (args, at) => {
      const sep = str(args[0]);
      const s = args[1] ? this.eval(args[1]) : undefined;
      const v = s?.kind === 'scalar' ? str(s) : undefined;
      return sep === undefined || v === undefined ? this.unknown(at, 'Fn::Split of a value not known') : listNode(at.loc, v.split(sep).map((x) => scalar(x, at.loc)));
    },
    'Fn::FindInMap': (args, at) => this.findInMap(args, at),
    'Fn::Base64': (args) => this.eval(args[0]),
  };

  private intrinsic(fn: string, arg: Node, at: Node): Node {
    const args = arg.kind === 'list' ? arg.items : [arg];
    const f = this.fns[fn];
    return f ? f(args, at, arg) : this.unknown(at, `${fn} is not evaluated`);
  }

  private fnIf(args: Node[], at: Node): Node {
    const name = str(args[0]);
    if (args.length !== 3 || name === undefined) return this.unknown(at, 'malformed Fn::If');
    const c = this.condition(name);
    if (c !== undefined) return this.eval(c ? args[1] : args[2]);
    const [a, b] = [this.eval(args[1]), this.eval(args[2])];
    if (a.kind !== 'unknown' && JSON.stringify(plain(a)) === JSON.stringify(plain(b))) return a;
    return this.unknown(at, `condition ${name} is not known`);
  }

  private findInMap(args: Node[], at: Node): Node {
    const names = args.map((a) => this.eval(a)).map((k) => (k.kind === 'scalar' ? String(k.value) : undefined));
    if (names.length < 3 || names.includes(undefined)) return this.unknown(at, 'Fn::FindInMap keys not known');
    const v = fieldsOf(fieldsOf(fieldsOf(this.t.mappings).get(names[0]!)).get(names[1]!)).get(names[2]!);
    return v ? { ...this.eval(v), loc: at.loc } : this.unknown(at, `mapping ${names.join('.')} not found`);
  }

  /** `Fn::Sub`: `${Param}`, `${Resource}`, `${Resource.Attr}`, `${AWS::Region}`, `${!Literal}`, and the variable map form. */
  private sub(args: Node[], at: Node): Node {
    const text = str(args[0]);
    if (text === undefined) return this.unknown(at, 'Fn::Sub of a non-string');
    const vars = new Map<string, Node>();
    for (const [k, v] of fieldsOf(args[1])) vars.set(k, this.eval(v));
    let unknownRef: Node | undefined;
    const out = text.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
      if (name.startsWith('!')) return '${' + name.slice(1) + '}';
      const v = vars.get(name) ?? (name.includes('.') && !name.startsWith('AWS::') ? this.intrinsic('Fn::GetAtt', scalar(name, at.loc), at) : this.ref(name, at));
      if (v.kind === 'scalar') return String(v.value);
      unknownRef ??= v;
      return whole;
    });
    if (!unknownRef) return scalar(out, at.loc);
    const u = unknownRef as Node;
    return u.kind === 'unknown' && u.ref ? unknownNode(at.loc, `Fn::Sub ${text} is known after the stack is created`, u.ref) : this.unknown(at, `Fn::Sub ${text}: ${u.kind === 'unknown' ? u.reason : 'a value is not a string'}`);
  }
}

function plain(n: Node): unknown {
  if (n.kind === 'scalar') return n.value;
  if (n.kind === 'list') return n.items.map(plain);
  if (n.kind === 'object') return Object.fromEntries([...n.fields].map(([k, v]) => [k, plain(v)]));
  return undefined;
}

/** A parameter's `Default` as a node (list types split on commas). */
function paramDefault(def: Node): Node | undefined {
  const f = fieldsOf(def);
  const d = f.get('Default');
  if (!d) return undefined;
  const type = f.get('Type');
  const isList = type?.kind === 'scalar' && /^(CommaDelimitedList|List<)/.test(String(type.value));
  if (isList && d.kind === 'scalar') return listNode(d.loc, String(d.value).split(',').map((x) => scalar(x.trim(), d.loc)));
  return d;
}

/** The template's resources with their properties evaluated, and how many values stayed unknown. */
function cloudFormationResources(root: Node, file: string): { resources: RawResource[]; unknowns: number } {
  const top = fieldsOf(root);
  const params = new Map<string, Node | undefined>();
  for (const [k, v] of fieldsOf(top.get('Parameters'))) params.set(k, paramDefault(v));
  const resources = fieldsOf(top.get('Resources'));
  const t: Template = {
    params, resources: new Set(resources.keys()), mappings: top.get('Mappings'), conditions: fieldsOf(top.get('Conditions')), condCache: new Map(), unknowns: 0,
  };
  const ev = new Evaluator(t);
  const out: RawResource[] = [];
  for (const [id, def] of resources) {
    const f = fieldsOf(def);
    const type = f.get('Type');
    if (type?.kind !== 'scalar' || typeof type.value !== 'string') continue;
    const cond = f.get('Condition');
    if (cond?.kind === 'scalar' && ev.condition(String(cond.value)) === false) continue;
    const props = f.get('Properties');
    const body = props ? ev.eval(props) : objectNode(def.loc);
    const loc = { file, line: def.loc.line, ...(def.loc.endLine ? { endLine: def.loc.endLine } : {}) };
    out.push({ type: type.value, address: id, source: 'cloudformation', loc, body: body.kind === 'object' ? body : objectNode(loc) });
  }
  return { resources: out, unknowns: t.unknowns };
}

export function readCloudFormation(a: Analysis, file: string, text: string): void {
  const parsed = parseYamlNodes(text, file);
  a.errors.push(...parsed.errors);
  for (const doc of parsed.docs) {
    if (!doc.root) continue;
    const { resources, unknowns } = cloudFormationResources(doc.root, file);
    a.resources += resources.length;
    a.unknownValues += unknowns;
    adaptResources(resources, a);
  }
}

