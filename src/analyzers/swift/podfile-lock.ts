/**
 * CocoaPods `Podfile.lock` (fs mode): the `PODS` list holds `Name (version)` strings or one-key maps
 * `{"Name (version)": [dependency specs]}`; subspecs are `Pod/Subspec`. The purl puts the subspec in
 * the subpath (`pkg:cocoapods/AppCenter@4.2.0#Analytics`), as the purl spec's cocoapods type says.
 */
import type * as YamlModule from 'yaml';
import { lazy, BulwarkError } from '../../core/index.js';
import { purlOf } from '../shared/lang-package.js';

const yaml = lazy<typeof YamlModule>('yaml');

interface PodEntry { name: string; version: string; deps: string[] }

const SPEC = /^\s*(\S+)\s*(?:\((.*)\))?\s*$/;

function nameOf(spec: string): { name: string; version: string } {
  const m = SPEC.exec(spec);
  return { name: m?.[1] ?? spec.trim(), version: m?.[2]?.trim() ?? '' };
}

export function parsePodfileLock(text: string): PodEntry[] {
  const doc = yaml().parse(text) as { PODS?: unknown } | null;
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.PODS)) throw new BulwarkError('MALFORMED_DOCUMENT', 'Podfile.lock without a PODS list');
  return (doc.PODS as unknown[]).flatMap((item) => {
    const [spec, deps] = typeof item === 'string' ? [item, []] : item && typeof item === 'object' ? Object.entries(item)[0] ?? ['', []] : ['', []];
    const { name, version } = nameOf(String(spec));
    if (!name || !version) return [];
    return [{ name, version, deps: Array.isArray(deps) ? deps.map((d) => nameOf(String(d)).name) : [] }];
  });
}

export function podPurl(name: string, version: string): string {
  const slash = name.indexOf('/');
  const base = slash < 0 ? name : name.slice(0, slash);
  const purl = purlOf('cocoapods', undefined, base, version);
  return slash < 0 ? purl : `${purl}#${name.slice(slash + 1).split('/').map(encodeURIComponent).join('/')}`;
}
