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

/** A Maven artifactId never has spaces: human titles ("Apache Commons IO") are not one. */
const ARTIFACT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const first = (mf: Map<string, string>, keys: string[]): string | undefined =>
  keys.map((k) => mf.get(k)?.trim()).find((v) => !!v && !v.startsWith('%'));

/**
 * Manifest fallback when an archive has no pom.properties, in Trivy's order: groupId from
 * Implementation-Vendor-Id, else the Bundle-SymbolicName before its last dot; artifactId from
 * Implementation-Title, Specification-Title, Bundle-Name or the symbolic name's last segment (the file
 * name's spelling when it is the same name, and the file name when none is artifactId-shaped); version from Implementation-Version,
 * Specification-Version, Bundle-Version, else the file name. Trivy also takes Implementation-Vendor /
 * Specification-Vendor as a groupId and checks it online; those are company names, not groupIds, so
 * without a groupId there is no honest GAV and none is returned.
 */
export function gavFromManifest(mf: Map<string, string>, fileName: string): Gav | undefined {
  const fromName = gavFromFileName(fileName);
  const bsn = (mf.get('Bundle-SymbolicName') ?? '').split(';')[0].trim();
  // After the titles, the Bundle-SymbolicName's last segment (`com.fasterxml.jackson.core.jackson-databind`).
  const titles = [...['Implementation-Title', 'Specification-Title', 'Bundle-Name'].map((k) => mf.get(k)?.trim() ?? ''), bsn.slice(bsn.lastIndexOf('.') + 1)]
    .filter((t) => ARTIFACT_ID.test(t) && t !== bsn);
  const sameAsFile = titles.find((t) => t.toLowerCase() === fromName.artifactId.toLowerCase());
  const artifactId = sameAsFile ? fromName.artifactId : titles[0] ?? fromName.artifactId;
  const version = first(mf, ['Implementation-Version', 'Specification-Version', 'Bundle-Version']) ?? fromName.version;
  let groupId = first(mf, ['Implementation-Vendor-Id']);
  if (!groupId && bsn.includes('.')) groupId = bsn.endsWith(`.${artifactId}`) ? bsn.slice(0, -artifactId.length - 1) : bsn.slice(0, bsn.lastIndexOf('.'));
  return groupId && artifactId && version ? { groupId, artifactId, version } : undefined;
}
