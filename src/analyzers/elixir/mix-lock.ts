/**
 * Elixir `mix.lock` (fs mode): an Elixir map literal, one entry per line, `"app": {:hex, :package,
 * "version", "inner hash", [:mix], [deps…], "hexpm", "outer hash"}`. Only `:hex` entries are Hex
 * packages (`:git` and `:path` dependencies have no Hex version). Dependencies are
 * `{:name, "requirement", [hex: :package, …]}` tuples, resolved against the lock's own versions.
 */
import { BulwarkError } from '../../core/index.js';
import { defineAnalyzer, type AnalyzerFile } from '../contract.js';
import { guarded, langPackage, purlOf } from '../shared/lang-package.js';

const ID = 'elixir-mix-lock';

interface MixEntry { app: string; name: string; version: string; deps: string[] }

const ENTRY = /^\s*"([^"]+)"\s*:\s*\{\s*:hex\s*,\s*:"?([\w.-]+)"?\s*,\s*"([^"]+)"(.*)$/;
// `{:app, "req", [hex: :pkg…]}`: the app name of each dependency tuple.
const DEP = /\{\s*:"?([\w.-]+)"?\s*,\s*(?:"[^"]*"|nil)\s*,\s*\[/g;

function parseMixLock(text: string): MixEntry[] {
  const body = text.trim();
  if (!body.startsWith('%{') || !body.endsWith('}')) throw new BulwarkError('MALFORMED_DOCUMENT', 'mix.lock is not an Elixir map (%{…})');
  const out: MixEntry[] = [];
  for (const line of body.slice(2, -1).split('\n')) {
    const m = ENTRY.exec(line);
    if (!m) continue;
    // The 6th tuple element is the dependency list: everything after `[:mix…],` up to the repo name.
    const rest = m[4]!;
    out.push({ app: m[1]!, name: m[2]!, version: m[3]!, deps: [...rest.matchAll(DEP)].map((d) => d[1]!) });
  }
  return out;
}

export const mixLockAnalyzer = defineAnalyzer({
  id: ID,
  version: 1,
  group: 'language',
  modes: ['fs'],
  maxBytes: 16 * 1024 * 1024,
  // deps/<app>/mix.lock files are the dependencies' own development locks.
  matches: (path: string) => /(?:^|\/)mix\.lock$/.test(path) && !/(?:^|\/)deps\//.test(path),
  analyze: (file: AnalyzerFile) => guarded(file, (text) => {
    const entries = parseMixLock(text);
    const byApp = new Map(entries.map((e) => [e.app, e]));
    const purl = (e: MixEntry) => purlOf('hex', undefined, e.name, e.version);
    return {
      packages: entries.map((e) => langPackage({
        ecosystem: 'Hex', name: e.name, version: e.version, purl: purl(e), file, foundBy: ID,
        dependsOn: e.deps.flatMap((d) => { const t = byApp.get(d); return t ? [purl(t)] : []; }),
      })),
    };
  }),
});
