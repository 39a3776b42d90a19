/**
 * A small, strict XML element reader for build manifests (pom.xml, packages.config, *.props). These
 * files use elements, attributes, text, comments, CDATA and the predefined/numeric entities only; a
 * DTD or an unbalanced tag is an error, so a truncated manifest warns instead of yielding half a model.
 * No entity expansion beyond the five predefined ones and character references (no XXE, no bombs).
 */
import { BulwarkError } from '../../core/index.js';

export interface XmlElement {
  /** Local name (a namespace prefix is dropped: MSBuild and Maven files use default namespaces). */
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated direct text content, entities decoded, untrimmed. */
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return ENTITIES[e] ?? m;
  });
}

const localName = (q: string): string => q.slice(q.indexOf(':') + 1);

function fail(why: string, at: number): never {
  throw new BulwarkError('MALFORMED_DOCUMENT', `XML: ${why} at offset ${at}`);
}

const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function parseAttrs(s: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of s.matchAll(ATTR)) attrs[localName(m[1]!)] = decode(m[2] ?? m[3] ?? '');
  return attrs;
}

/** Skips a `<!…>` or `<?…?>` construct starting at `i`; returns the index after it. */
function skipSpecial(xml: string, i: number, top: XmlElement | undefined): number {
  if (xml.startsWith('<!--', i)) {
    const end = xml.indexOf('-->', i + 4);
    return end < 0 ? fail('unterminated comment', i) : end + 3;
  }
  if (xml.startsWith('<![CDATA[', i)) {
    const end = xml.indexOf(']]>', i + 9);
    if (end < 0) fail('unterminated CDATA', i);
    if (top) top.text += xml.slice(i + 9, end);
    return end + 3;
  }
  if (xml.startsWith('<?', i)) {
    const end = xml.indexOf('?>', i + 2);
    return end < 0 ? fail('unterminated processing instruction', i) : end + 2;
  }
  if (xml.startsWith('<!DOCTYPE', i)) fail('DOCTYPE is not accepted', i);
  return fail('unexpected markup', i);
}

/** The document element. */
export function parseXml(xml: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const top = stack[stack.length - 1];
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (top) top.text += decode(text);
    else if (text.trim()) fail('text outside the root element', i);
    if (lt < 0) break;
    const c = xml[lt + 1];
    if (c === '!' || c === '?') { i = skipSpecial(xml, lt, top); continue; }
    const gt = xml.indexOf('>', lt);
    if (gt < 0) fail('unterminated tag', lt);
    const body = xml.slice(lt + 1, gt);
    i = gt + 1;
    if (c === '/') {
      const name = localName(body.slice(1).trim());
      if (!top || top.name !== name) fail(`unexpected </${name}>`, lt);
      stack.pop();
      continue;
    }
    const selfClosing = body.endsWith('/');
    const m = /^([^\s/>]+)/.exec(body);
    if (!m) fail('empty tag', lt);
    const el: XmlElement = { name: localName(m[1]!), attrs: parseAttrs(body.slice(m[1]!.length)), children: [], text: '' };
    if (top) top.children.push(el);
    else if (root) fail('second root element', lt);
    else root = el;
    if (!selfClosing) stack.push(el);
  }
  if (stack.length) fail(`<${stack[stack.length - 1]!.name}> not closed`, xml.length);
  if (!root) fail('no root element', 0);
  return root;
}

/** First child element with this name. */
export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

/** All child elements with this name. */
export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** Trimmed text of a child element ('' when absent). */
export function childText(el: XmlElement | undefined, name: string): string {
  return child(el, name)?.text.trim() ?? '';
}
