/**
 * YAML (and JSON, which is YAML) → located nodes, through the `yaml` package's syntax tree. Tags are kept as
 * one-key objects the way CloudFormation's JSON form writes them (`!Ref X` → `{ Ref: X }`, `!GetAtt a.b` →
 * `{ 'Fn::GetAtt': ['a', 'b'] }`, `!Sub s` → `{ 'Fn::Sub': s }`), so one evaluator serves both forms.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node as YamlNode } from 'yaml';
import { listNode, objectNode, scalar, type Node, type Scalar } from '../model/node.js';
import type { Loc } from '../model/value.js';

interface YamlDoc {
  /** The document's root, or undefined for an empty document. */
  root?: Node;
  /** First line of the document. */
  line: number;
}

interface YamlParse { docs: YamlDoc[]; errors: string[] }

/** Tag → the intrinsic's JSON name. `!GetAtt a.b` is split like CloudFormation does. */
function tagged(tag: string, value: Node, loc: Loc): Node {
  const name = tag.slice(1);
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  let v = value;
  if (name === 'GetAtt' && v.kind === 'scalar' && typeof v.value === 'string') {
    const dot = v.value.indexOf('.');
    v = listNode(loc, [scalar(v.value.slice(0, dot), loc), scalar(v.value.slice(dot + 1), loc)]);
  }
  return objectNode(loc, new Map([[key, v]]));
}

class Converter {
  constructor(private readonly file: string, private readonly lc: LineCounter) {}

  loc(offset: number | undefined): Loc {
    return { file: this.file, line: offset === undefined ? 1 : this.lc.linePos(offset).line };
  }

  convert(n: unknown, depth = 0): Node {
    if (depth > 200) throw new Error('nesting too deep to parse');
    const node = n as YamlNode | null;
    if (node === null || node === undefined) return scalar(null, this.loc(undefined));
    const loc = this.loc(node.range?.[0]);
    if ((isMap(node) || isSeq(node)) && node.range) loc.endLine = this.lc.linePos(Math.max(node.range[0], node.range[1] - 1)).line;
    let out: Node;
    if (isAlias(node)) out = scalar(null, loc);
    else if (isScalar(node)) out = scalar(node.value as Scalar, loc);
    else if (isSeq(node)) out = listNode(loc, node.items.map((i) => this.convert(i, depth + 1)));
    else if (isMap(node)) {
      const fields = new Map<string, Node>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const keyLoc = this.loc((pair.key as YamlNode | null)?.range?.[0]);
        const value = this.convert(pair.value, depth + 1);
        // A field is located at its key: `privileged: true` and a nested block alike point at the key's line.
        value.loc = value.loc.endLine === undefined ? keyLoc : { ...keyLoc, endLine: value.loc.endLine };
        fields.set(key, value);
      }
      out = objectNode(loc, fields);
    } else out = scalar(null, loc);
    const tag = (node as { tag?: string }).tag;
    return tag && tag.startsWith('!') && !tag.startsWith('!!') ? tagged(tag, out, loc) : out;
  }
}

/** Every document of a YAML/JSON text; syntax errors are returned (the first per document), not thrown. */
export function parseYamlNodes(text: string, file: string): YamlParse {
  const lc = new LineCounter();
  const out: YamlParse = { docs: [], errors: [] };
  const docs = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const conv = new Converter(file, lc);
  for (const d of list) {
    const line = conv.loc(d.range?.[0]).line;
    if (d.errors.length) {
      const e = d.errors[0];
      out.errors.push(`${file}:${e.linePos?.[0]?.line ?? line}: invalid YAML: ${e.message.split('\n')[0]}`);
      continue;
    }
    try {
      out.docs.push(d.contents === null ? { line } : { root: conv.convert(d.contents), line });
    } catch (err) {
      out.errors.push(`${file}:${line}: ${(err as Error).message}`);
    }
  }
  return out;
}
