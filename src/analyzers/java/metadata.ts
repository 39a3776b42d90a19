/** Java archive metadata: `pom.properties` and `META-INF/MANIFEST.MF`, and GAV guesses from file names. */

/** Java .properties, the subset Maven writes: `key=value` / `key: value`, `#`/`!` comments. */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const m = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (m) out.set(m[1], m[2].trim());
  }
  return out;
}

/** MANIFEST.MF main section: `Name: value`, continuation lines start with one space. */
export function parseManifest(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let key: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    if (line.startsWith(' ') && key) { out.set(key, (out.get(key) ?? '') + line.slice(1)); continue; }
    const c = line.indexOf(':');
    if (c <= 0) continue;
    key = line.slice(0, c).trim();
    out.set(key, line.slice(c + 1).trim());
  }
  return out;
}

/** `commons-io-2.11.0.jar` → { artifactId: commons-io, version: 2.11.0 }. */
export function gavFromFileName(file: string): { artifactId: string; version?: string } {
  const stem = file.replace(/\.[a-z]+$/i, '');
  const m = /^(.+?)-(\d[\w.+-]*)$/.exec(stem);
  return m ? { artifactId: m[1], version: m[2] } : { artifactId: stem };
}

export interface Gav { groupId: string; artifactId: string; version: string }

/**
 * Manifest fallback when an archive has no pom.properties. The groupId comes only from
 * Implementation-Vendor-Id (Maven's jar plugin writes the groupId there) or from a
 * Bundle-SymbolicName ending in `.<artifactId>`; otherwise there is no honest GAV and none is returned.
 */
export function gavFromManifest(mf: Map<string, string>, fileName: string): Gav | undefined {
  const fromName = gavFromFileName(fileName);
  const bsn = (mf.get('Bundle-SymbolicName') ?? '').split(';')[0].trim();
  const artifactId = fromName.artifactId;
  const version = mf.get('Implementation-Version') ?? mf.get('Bundle-Version') ?? fromName.version;
  let groupId = mf.get('Implementation-Vendor-Id');
  if (!groupId && bsn.endsWith(`.${artifactId}`)) groupId = bsn.slice(0, -artifactId.length - 1);
  return groupId && artifactId && version ? { groupId, artifactId, version } : undefined;
}
