/** Python lockfiles and pins in source trees (fs mode): poetry.lock, uv.lock, Pipfile.lock, pylock.toml, requirements*.txt. */
import { defineAnalyzer, type AnalyzerFile } from '../contract.js';
import { baseName, guarded, langPackage } from '../shared/lang-package.js';
import { pep503, pypiPurl } from './metadata.js';
import { parsePipfileLock, parseRequirements } from './pip-locks.js';
import { parsePylock } from './pylock.js';
import { parsePoetryLock, parseUvLock, type PyLockEntry } from './toml-locks.js';

function parserFor(path: string): ((text: string) => PyLockEntry[]) | undefined {
  const name = baseName(path);
  if (name === 'poetry.lock') return parsePoetryLock;
  if (name === 'uv.lock') return parseUvLock;
  if (name === 'Pipfile.lock') return parsePipfileLock;
  // PEP 751: `pylock.toml` or `pylock.<name>.toml`.
  if (/^pylock\.(?:[^.]+\.)?toml$/.test(name)) return parsePylock;
  if (/^requirements.*\.txt$/.test(name)) return parseRequirements;
  return undefined;
}

function analyze(file: AnalyzerFile) {
  const parse = parserFor(file.path);
  if (!parse) return undefined;
  return guarded(file, (text) => {
    const entries = parse(text);
    const byName = new Map(entries.map((e) => [pep503(e.name), e]));
    return {
      packages: entries.map((e) => langPackage({
        ecosystem: 'PyPI', name: e.name, version: e.version, purl: pypiPurl(e.name, e.version), file, foundBy: 'python-lockfile', dev: e.dev,
        ...(e.constraint ? { properties: { constraint: e.constraint } } : {}),
        dependsOn: e.deps.flatMap((d) => { const t = byName.get(pep503(d)); return t ? [pypiPurl(t.name, t.version)] : []; }),
      })),
    };
  });
}

export const pythonLockfileAnalyzer = defineAnalyzer({
  id: 'python-lockfile',
  version: 2,
  group: 'language',
  modes: ['fs'],
  maxBytes: 32 * 1024 * 1024,
  matches: (path: string) => parserFor(path) !== undefined,
  analyze,
});
