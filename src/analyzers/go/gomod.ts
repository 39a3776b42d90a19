/**
 * go.mod (and go.sum for modules whose go.mod predates Go 1.17, which lists only direct requirements)
 * in source trees. `replace` directives are applied; `// indirect` requirements are kept (they are
 * compiled in). The `toolchain` directive, when present, pins the stdlib version.
 */
import type * as SemverModule from 'semver';
import { BulwarkError, lazy } from '../../core/index.js';

const semver = lazy<typeof SemverModule>('semver');

export interface GoModFile {
  module?: string;
  go?: string;
  toolchain?: string;
  require: Array<{ path: string; version: string; indirect: boolean }>;
  replace: Array<{ from: string; fromVersion?: string; to: string; toVersion?: string }>;
}

const unquote = (s: string) => (s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s);

function directive(mod: GoModFile, verb: string, args: string[], comment: string, line: number): void {
  switch (verb) {
    case 'module': mod.module = args[0]; break;
    case 'go': mod.go = args[0]; break;
    case 'toolchain': mod.toolchain = args[0]; break;
    case 'require':
      if (args.length < 2) throw new BulwarkError('MALFORMED_DOCUMENT', `go.mod line ${line}: require needs a path and a version`);
      mod.require.push({ path: args[0], version: args[1], indirect: /\bindirect\b/.test(comment) });
      break;
    case 'replace': {
      const arrow = args.indexOf('=>');
      if (arrow < 1) throw new BulwarkError('MALFORMED_DOCUMENT', `go.mod line ${line}: replace without =>`);
      mod.replace.push({ from: args[0], fromVersion: arrow > 1 ? args[1] : undefined, to: args[arrow + 1] ?? '', toVersion: args[arrow + 2] });
      break;
    }
    default: break; // exclude, retract, godebug: nothing to inventory
  }
}

export function parseGoMod(text: string): GoModFile {
  const mod: GoModFile = { require: [], replace: [] };
  let block: string | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const c = raw.indexOf('//');
    const comment = c >= 0 ? raw.slice(c) : '';
    const words = (c >= 0 ? raw.slice(0, c) : raw).trim().split(/\s+/).filter(Boolean).map(unquote);
    if (!words.length) return;
    if (block) {
      if (words[0] === ')') block = undefined;
      else directive(mod, block, words, comment, i + 1);
    } else if (words[1] === '(' && words.length === 2) {
      block = words[0];
    } else {
      directive(mod, words[0], words.slice(1), comment, i + 1);
    }
  });
  if (block) throw new BulwarkError('MALFORMED_DOCUMENT', `unclosed ${block} block`);
  if (!mod.module) throw new BulwarkError('MALFORMED_DOCUMENT', 'no module directive');
  return mod;
}

/** go.sum: the highest version per module that has a module-zip hash (not just a `/go.mod` hash). */
export function parseGoSum(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const [path, version] = line.trim().split(/\s+/);
    if (!path || !version || version.endsWith('/go.mod')) continue;
    const prev = out.get(path);
    const sv = semver();
    if (!prev || (sv.valid(version) && sv.valid(prev) && sv.gt(version, prev))) out.set(path, version);
  }
  return out;
}

/** Requirements with replacements applied (local directory replacements keep the path, version `(devel)`). */
export function effectiveRequires(mod: GoModFile): Array<{ path: string; version: string; indirect: boolean; localDir?: string }> {
  return mod.require.map((r) => {
    const rep = mod.replace.find((x) => x.from === r.path && (!x.fromVersion || x.fromVersion === r.version));
    if (!rep) return r;
    return rep.toVersion ? { path: rep.to, version: rep.toVersion, indirect: r.indirect } : { path: r.path, version: '(devel)', indirect: r.indirect, localDir: rep.to };
  });
}

/** Go < 1.17 go.mod files omit indirect requirements; go.sum fills them in. */
export function needsGoSum(mod: GoModFile): boolean {
  const m = /^(\d+)\.(\d+)/.exec(mod.go ?? '');
  return !m || Number(m[1]) < 1 || (Number(m[1]) === 1 && Number(m[2]) < 17);
}
