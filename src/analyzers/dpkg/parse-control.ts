/** Debian control-file syntax (deb822): stanzas of `Field: value` lines separated by blank lines. */

export type Stanza = Map<string, string>;

export interface ControlParse {
  stanzas: Stanza[];
  /** 1-based line numbers of lines that are neither fields, continuations nor blank. */
  badLines: number[];
}

/**
 * Field names are case-insensitive in deb822, so keys are lower-cased. Continuation lines (leading
 * space or tab) are appended with a newline, as dpkg keeps them.
 */
export function parseControl(text: string): ControlParse {
  const stanzas: Stanza[] = [];
  const badLines: number[] = [];
  let current: Stanza | undefined;
  let lastKey: string | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (line.trim() === '') {
      if (current?.size) stanzas.push(current);
      current = undefined;
      lastKey = undefined;
      continue;
    }
    if (line.startsWith('#')) continue;
    if (line[0] === ' ' || line[0] === '\t') {
      if (current && lastKey !== undefined) current.set(lastKey, `${current.get(lastKey)}\n${line.slice(1)}`);
      else badLines.push(i + 1);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      badLines.push(i + 1);
      continue;
    }
    current ??= new Map();
    lastKey = line.slice(0, colon).toLowerCase();
    current.set(lastKey, line.slice(colon + 1).trim());
  }
  if (current?.size) stanzas.push(current);
  return { stanzas, badLines };
}
