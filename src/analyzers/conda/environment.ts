/**
 * Conda `environment.yml` / `environment.yaml` (fs mode). `dependencies` holds conda match specs
 * (`[channel::]name[=version[=build]]`, `name==version`, `name >=1.2`) and an optional `pip:` list of
 * requirement strings. Only exact pins name one version: `==v`, `=v=build` (what `conda env export`
 * writes) and pip's `==v`; conda's `=1.26` means 1.26.*, so it and any range are not reported.
 */
import type * as YamlModule from 'yaml';
import { lazy, BulwarkError } from '../../core/index.js';
import { defineAnalyzer, type AnalyzerFile } from '../contract.js';
import { guarded, langPackage, purlOf } from '../shared/lang-package.js';

const yaml = lazy<typeof YamlModule>('yaml');
const ID = 'conda-environment';

interface EnvEntry { name: string; version: string; pip: boolean }

const EXACT = /^[A-Za-z0-9_][\w.+!-]*$/;

/** `conda-forge::numpy=1.26.4=py311h64a7726_0` / `numpy==1.26.4` → name and exact version. */
function condaSpec(spec: string): EnvEntry | undefined {
  const s = spec.replace(/^[^:\s]+::/, '').trim();
  const m = /^([A-Za-z0-9_][\w.-]*)\s*(==|=)\s*([^=\s]+)(?:\s*=\s*(\S+))?$/.exec(s);
  if (!m || !EXACT.test(m[3]!) || (m[2] === '=' && !m[4])) return undefined;
  return { name: m[1]!, version: m[3]!, pip: false };
}

/** `requests[socks]==2.31.0 ; python_version>"3"` → name and version; other requirement forms → undefined. */
function pipSpec(spec: string): EnvEntry | undefined {
  const m = /^([A-Za-z0-9][\w.-]*)\s*(?:\[[^\]]*\])?\s*===?\s*([^\s;,]+)\s*(?:;.*)?$/.exec(spec.trim());
  return m && EXACT.test(m[2]!) ? { name: m[1]!, version: m[2]!, pip: true } : undefined;
}

function parseEnvironment(text: string): EnvEntry[] {
  const doc = yaml().parse(text) as { dependencies?: unknown } | null;
  if (!doc || typeof doc !== 'object') throw new BulwarkError('MALFORMED_DOCUMENT', 'environment file is not a YAML mapping');
  if (doc.dependencies === undefined || doc.dependencies === null) return [];
  if (!Array.isArray(doc.dependencies)) throw new BulwarkError('MALFORMED_DOCUMENT', 'environment dependencies is not a list');
  return doc.dependencies.flatMap((d): EnvEntry[] => {
    if (typeof d === 'string') { const e = condaSpec(d); return e ? [e] : []; }
    const pip = d && typeof d === 'object' ? (d as { pip?: unknown }).pip : undefined;
    return Array.isArray(pip) ? pip.flatMap((p) => { const e = typeof p === 'string' ? pipSpec(p) : undefined; return e ? [e] : []; }) : [];
  });
}

const pep503 = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-');

export const condaEnvironmentAnalyzer = defineAnalyzer({
  id: ID,
  version: 1,
  group: 'language',
  modes: ['fs'],
  maxBytes: 4 * 1024 * 1024,
  matches: (path: string) => /(?:^|\/)environment\.ya?ml$/.test(path),
  analyze: (file: AnalyzerFile) => guarded(file, (text) => ({
    packages: parseEnvironment(text).map((e) => e.pip
      ? langPackage({ ecosystem: 'PyPI', name: e.name, version: e.version, purl: purlOf('pypi', undefined, pep503(e.name), e.version), file, foundBy: ID })
      : langPackage({ ecosystem: 'conda', name: e.name, version: e.version, purl: purlOf('conda', undefined, e.name, e.version), file, foundBy: ID })),
  })),
});
