/**
 * JSON with comments and trailing commas (bun.lock, some tool configs): strips both outside strings,
 * then hands the text to JSON.parse, so every other rule of JSON still applies.
 */
export function parseJsonc(text: string): unknown {
  let out = '';
  let i = 0;
  let pendingComma = '';
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      out += pendingComma + text.slice(start, ++i);
      pendingComma = '';
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === ',') {
      out += pendingComma;
      pendingComma = ',';
      i++;
    } else if (c === '}' || c === ']') {
      // A comma directly before a closing bracket is a trailing comma: drop it.
      pendingComma = '';
      out += c;
      i++;
    } else if (c === ' ' || c === '\n' || c === '\r' || c === '\t') {
      out += c;
      i++;
    } else {
      out += pendingComma + c;
      pendingComma = '';
      i++;
    }
  }
  return JSON.parse(out + pendingComma);
}
