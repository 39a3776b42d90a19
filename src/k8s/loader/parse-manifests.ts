/**
 * YAML/JSON manifests → objects, one document at a time (bounded memory on 10,000-document files). Documents are
 * split at markers and read with js-yaml (fast); documents with aliases or that js-yaml rejects go through the
 * `yaml` package, which bounds alias expansion (`maxAliasCount`) and words the error. Bad documents become
 * per-document errors and the rest is still read.
 */
import jsyaml from 'js-yaml';
import { Composer, Parser, type Document } from 'yaml';
import { isJson, toK8sObject, type K8sObject, type ObjectOrigin } from '../model/object.js';
import { firstContentLine, splitDocuments, type DocSlice } from './split-documents.js';
import { listItemSpans } from './list-items.js';

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

/** YAML 1.2 core schema plus merge keys (`<<`), which Kubernetes' YAML reader also accepts; no timestamps. */
const MERGE = (jsyaml as unknown as { types: { merge: jsyaml.Type } }).types.merge;
const SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [MERGE] });

/** An alias (`*name`) outside quotes; such documents take the bounded path. */
const ALIAS = /(^|[\s[{,:-])\*[^\s,[\]{}"']/m;

function firstLine(msg: string): string {
  // A stack overflow in either parser means the document nests deeper than it can follow.
  if (msg.includes('Maximum call stack size exceeded')) return 'nesting too deep to parse';
  return msg.split('\n')[0].trim();
}

/** The careful path: `yaml`'s composer with its alias bound and its error messages. */
function slowParse(body: string, maxAliasCount: number): { value?: unknown; error?: string } {
  const composer = new Composer();
  for (const doc of composer.compose(new Parser().parse(body), true)) {
    const d = doc as Document.Parsed;
    if (d.errors.length > 0) return { error: `invalid YAML: ${firstLine(d.errors[0].message)}` };
    try {
      return { value: d.toJS({ maxAliasCount }) };
    } catch (err) {
      return { error: firstLine((err as Error).message) };
    }
  }
  return { value: null };
}

function parseSlice(body: string, maxAliasCount: number): { value?: unknown; error?: string } {
  if (!ALIAS.test(body)) {
    try {
      return { value: jsyaml.load(body, { schema: SCHEMA }) ?? null };
    } catch {
      // js-yaml is stricter in corners; let the careful path decide and word the error.
    }
  }
  return slowParse(body, maxAliasCount);
}

/** Parses all documents of `text`; `List` kinds expand to their items (origin prefix `items[i]`). */
export function parseManifests(text: string, file: string, opts: ParseOptions = {}): ParseResult {
  const o = { ...DEFAULTS, ...opts };
  const out: ParseResult = { objects: [], errors: [], documents: 0 };
  const slices = splitDocuments(text);
  slices.forEach((slice, index) => {
    if (index > o.maxDocuments) return;
    if (index === o.maxDocuments) {
      out.errors.push(`${file}: more than ${o.maxDocuments} documents; the rest was not read`);
      return;
    }
    const line = firstContentLine(text, slice);
    if (line === undefined) return; // empty document (`---` at the end, comments only)
    out.documents++;
    readDocument(text, slice, index, line, file, o.maxAliasCount, out);
  });
  return out;
}

function readDocument(text: string, slice: DocSlice, index: number, line: number, file: string, maxAliasCount: number, out: ParseResult): void {
  const where = `${file}: document ${index + 1} (line ${line})`;
  const body = text.slice(slice.start, slice.end);
  const { value, error } = parseSlice(body, maxAliasCount);
  if (error) {
    out.errors.push(`${where}: ${error}`);
    return;
  }
  if (value === null || value === undefined) return;
  const range: [number, number] = [slice.start, slice.end];
  if (isJson(value) && typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
    readListItems(text, slice, value.items, { file, doc: index, line, range }, where, out);
    return;
  }
  const obj = toK8sObject(value, { file, doc: index, line, prefix: '', range });
  if (typeof obj === 'string') out.errors.push(`${where}: ${obj}`);
  else out.objects.push(obj);
}

/**
 * A List's items, each with its own span and line (one pass over the document: #19). When the spans cannot be
 * read (flow-style YAML), items keep the List's position: coarser lines, still linear work.
 */
function readListItems(text: string, slice: DocSlice, items: unknown[], at: Omit<ObjectOrigin, 'prefix'>, where: string, out: ParseResult): void {
  const found = listItemSpans(text, slice.start, slice.end, slice.startLine);
  const spans = found?.length === items.length ? found : undefined;
  items.forEach((item, i) => {
    const s = spans?.[i];
    const origin: ObjectOrigin = s ? { ...at, line: s.line, prefix: `items[${i}]`, span: [s.start, s.end] } : { file: at.file, doc: at.doc, line: at.line, prefix: `items[${i}]` };
    const obj = toK8sObject(item, origin);
    if (typeof obj === 'string') out.errors.push(`${where} items[${i}]: ${obj}`);
    else out.objects.push(obj);
  });
}
