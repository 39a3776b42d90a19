/**
 * YAML/JSON manifests → objects, one document at a time (bounded memory on 10,000-document files): bad documents
 * become per-document errors and the rest is still read. Alias bombs stop at `maxAliasCount`.
 */
import { Composer, LineCounter, Parser, type Document } from 'yaml';
import { asArray, isJson, toK8sObject, type K8sObject } from '../model/object.js';

export interface ParseOptions {
  /** Upper bound on alias expansions per document (yaml's billion-laughs guard). */
  maxAliasCount?: number;
  /** Upper bound on documents read from one input; the rest is reported as one error. */
  maxDocuments?: number;
}

export interface ParseResult {
  objects: K8sObject[];
  errors: string[];
  documents: number;
}

const DEFAULTS = { maxAliasCount: 100, maxDocuments: 100_000 };

function firstLine(msg: string): string {
  return msg.split('\n')[0].trim();
}

/** Parses all documents of `text`; `List` kinds expand to their items (origin prefix `items[i]`). */
export function parseManifests(text: string, file: string, opts: ParseOptions = {}): ParseResult {
  const o = { ...DEFAULTS, ...opts };
  const lc = new LineCounter();
  const parser = new Parser(lc.addNewLine);
  const composer = new Composer({ keepSourceTokens: false });
  const out: ParseResult = { objects: [], errors: [], documents: 0 };
  let index = -1;
  for (const doc of composer.compose(parser.parse(text), true)) {
    index++;
    if (index >= o.maxDocuments) {
      out.errors.push(`${file}: more than ${o.maxDocuments} documents; the rest was not read`);
      break;
    }
    out.documents++;
    readDocument(doc as Document.Parsed, index, file, lc, o.maxAliasCount, out);
  }
  return out;
}

function readDocument(doc: Document.Parsed, index: number, file: string, lc: LineCounter, maxAliasCount: number, out: ParseResult): void {
  const start = doc.contents?.range?.[0] ?? doc.range[0];
  const line = lc.linePos(start).line;
  const where = `${file}: document ${index + 1} (line ${line})`;
  if (doc.errors.length > 0) {
    out.errors.push(`${where}: invalid YAML: ${firstLine(doc.errors[0].message)}`);
    return;
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount });
  } catch (err) {
    out.errors.push(`${where}: ${firstLine((err as Error).message)}`);
    return;
  }
  if (value === null || value === undefined) return; // empty document (`---` at the end, comments only)
  if (isJson(value) && typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
    readList(value.items, doc, index, file, lc, out);
    return;
  }
  const obj = toK8sObject(value, { file, doc: index, line, prefix: '', range: [doc.range[0], doc.range[2]] });
  if (typeof obj === 'string') out.errors.push(`${where}: ${obj}`);
  else out.objects.push(obj);
}

function readList(items: unknown[], doc: Document.Parsed, index: number, file: string, lc: LineCounter, out: ParseResult): void {
  const itemNodes = doc.getIn(['items'], true) as { items?: Array<{ range?: [number, number, number] }> } | undefined;
  asArray(items).forEach((item, i) => {
    const r = itemNodes?.items?.[i]?.range;
    const line = r ? lc.linePos(r[0]).line : undefined;
    const obj = toK8sObject(item, { file, doc: index, line, prefix: `items[${i}]`, range: [doc.range[0], doc.range[2]] });
    if (typeof obj === 'string') out.errors.push(`${file}: document ${index + 1} items[${i}]${line ? ` (line ${line})` : ''}: ${obj}`);
    else out.objects.push(obj);
  });
}
