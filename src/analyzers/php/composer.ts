/**
 * Composer: `composer.lock` in source trees (fs mode; `packages-dev` are dev) and the installed
 * `vendor/composer/installed.json` everywhere (Composer 1: an array; Composer 2: `{packages,
 * dev-package-names}`). Versions are kept as written (`v5.4.0`); `require` entries become edges.
 */
import { BulwarkError } from '../../core/index.js';
import { defineAnalyzer, type AnalyzerFile } from '../contract.js';
import { guarded, langPackage, purlOf } from '../shared/lang-package.js';

interface RawPkg { name?: unknown; version?: unknown; license?: unknown; require?: unknown }
interface Entry { name: string; version: string; licenses: string[]; require: string[]; dev: boolean }

function entries(list: unknown, dev: (name: string) => boolean): Entry[] {
  if (!Array.isArray(list)) return [];
  return (list as RawPkg[]).flatMap((p) => {
    if (typeof p?.name !== 'string' || typeof p.version !== 'string') return [];
    const licenses = Array.isArray(p.license) ? p.license.map(String) : typeof p.license === 'string' ? [p.license] : [];
    const require = p.require && typeof p.require === 'object' ? Object.keys(p.require) : [];
    return [{ name: p.name, version: p.version, licenses, require, dev: dev(p.name) }];
  });
}

export function parseComposerLock(text: string): Entry[] {
  const doc = JSON.parse(text) as { packages?: unknown; 'packages-dev'?: unknown };
  if (!doc || !Array.isArray(doc.packages)) throw new BulwarkError('MALFORMED_DOCUMENT', 'composer.lock without a packages list');
  return [...entries(doc.packages, () => false), ...entries(doc['packages-dev'], () => true)];
}

export function parseInstalledJson(text: string): Entry[] {
  const doc = JSON.parse(text) as unknown;
  if (Array.isArray(doc)) return entries(doc, () => false);
  const d = doc as { packages?: unknown; 'dev-package-names'?: unknown };
  if (!d || !Array.isArray(d.packages)) throw new BulwarkError('MALFORMED_DOCUMENT', 'installed.json without a packages list');
  const devNames = new Set(Array.isArray(d['dev-package-names']) ? d['dev-package-names'].map(String) : []);
  return entries(d.packages, (n) => devNames.has(n));
}

const composerPurl = (name: string, version: string) => {
  const slash = name.indexOf('/');
  return slash > 0 ? purlOf('composer', name.slice(0, slash), name.slice(slash + 1), version) : purlOf('composer', undefined, name, version);
};

function analyzeWith(parse: (text: string) => Entry[], id: string) {
  return (file: AnalyzerFile) => guarded(file, (text) => {
    const list = parse(text);
    const byName = new Map(list.map((e) => [e.name.toLowerCase(), e]));
    return {
      packages: list.map((e) => langPackage({
        ecosystem: 'Packagist', name: e.name, version: e.version, purl: composerPurl(e.name, e.version), file, foundBy: id,
        licenses: e.licenses, dev: e.dev,
        dependsOn: e.require.flatMap((r) => { const t = byName.get(r.toLowerCase()); return t ? [composerPurl(t.name, t.version)] : []; }),
      })),
    };
  });
}

export const composerLockAnalyzer = defineAnalyzer({
  id: 'php-composer-lock',
  version: 1,
  group: 'language',
  modes: ['fs'],
  maxBytes: 32 * 1024 * 1024,
  matches: (path: string) => /(?:^|\/)composer\.lock$/.test(path) && !path.includes('vendor/'),
  analyze: analyzeWith(parseComposerLock, 'php-composer-lock'),
});

export const composerInstalledAnalyzer = defineAnalyzer({
  id: 'php-composer-installed',
  version: 1,
  group: 'language',
  maxBytes: 32 * 1024 * 1024,
  matches: (path: string) => /(?:^|\/)vendor\/composer\/installed\.json$/.test(path),
  analyze: analyzeWith(parseInstalledJson, 'php-composer-installed'),
});
