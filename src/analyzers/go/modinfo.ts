/** The module info text of a Go binary (`path`, `mod`, `dep`, `=>`, `build` lines) and Go identities. */
import { purlOf } from '../shared/lang-package.js';

export interface GoModule { path: string; version: string; sum?: string; replace?: GoModule }

export interface ModInfo { path?: string; main?: GoModule; deps: GoModule[]; settings: Record<string, string> }

export function parseModInfo(text: string): ModInfo {
  const info: ModInfo = { deps: [], settings: {} };
  let last: GoModule | undefined;
  for (const line of text.split('\n')) {
    const f = line.split('\t');
    const mod = (): GoModule => ({ path: f[1] ?? '', version: f[2] ?? '', ...(f[3] ? { sum: f[3] } : {}) });
    switch (f[0]) {
      case 'path': info.path = f[1]; break;
      case 'mod': info.main = last = mod(); break;
      case 'dep': last = mod(); info.deps.push(last); break;
      case '=>': if (last) last.replace = mod(); break;
      case 'build': { const eq = (f[1] ?? '').indexOf('='); if (eq > 0) info.settings[f[1].slice(0, eq)] = f[1].slice(eq + 1); break; }
      default: break;
    }
  }
  return info;
}

/** `pkg:golang/github.com/x/y@v1.2.3` (namespace = everything before the last path segment). */
export function goPurl(path: string, version: string): string {
  const slash = path.lastIndexOf('/');
  return slash > 0 ? purlOf('golang', path.slice(0, slash), path.slice(slash + 1), version) : purlOf('golang', undefined, path, version);
}

/**
 * Toolchain version as the Go vulnerability database spells stdlib versions: `go1.22.1 X:boringcrypto`
 * → `1.22.1`, `go1.20` → `1.20.0`, `go1.21rc2` → `1.21.0-rc.2`. Undefined for `devel` toolchains.
 */
export function stdlibVersion(goVersion: string): string | undefined {
  const m = /^go(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta)(\d+))?$/.exec(goVersion.trim().split(/\s+/)[0] ?? '');
  if (!m) return undefined;
  const base = `${m[1]}.${m[2]}.${m[3] ?? '0'}`;
  return m[4] ? `${base}-${m[4]}.${m[5]}` : base;
}

/**
 * The module that was compiled in: a replacement with a version replaces the path and version; a
 * replacement by a local directory keeps the original path with version `(devel)`.
 */
export function effectiveModule(m: GoModule): { path: string; version: string; localDir?: string } {
  if (!m.replace) return { path: m.path, version: m.version };
  const local = !m.replace.version || m.replace.version === '(devel)' || /^(?:\.{1,2}|)[/\\]/.test(m.replace.path) || /^[A-Za-z]:[/\\]/.test(m.replace.path);
  return local ? { path: m.path, version: '(devel)', localDir: m.replace.path } : { path: m.replace.path, version: m.replace.version };
}
