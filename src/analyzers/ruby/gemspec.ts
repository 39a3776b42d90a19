/**
 * Installed gems: `specifications/*.gemspec` (and `specifications/default/`) as RubyGems writes them,
 * a Ruby file read with patterns (never evaluated): `s.name = "x".freeze`, `%q{x}` in older gems.
 */
import { BulwarkError } from '../../core/index.js';
import { defineAnalyzer, type AnalyzerFile } from '../contract.js';
import { guarded, langPackage, purlOf } from '../shared/lang-package.js';

const STR = String.raw`(?:"([^"]*)"|'([^']*)'|%q\{([^}]*)\})`;
const NAME = new RegExp(String.raw`\.name\s*=\s*${STR}`);
const VERSION = new RegExp(String.raw`\.version\s*=\s*(?:Gem::Version\.new\(\s*)?${STR}`);
const LICENSES = /\.licenses?\s*=\s*(\[[^\]]*\]|"[^"]*"|'[^']*')/;

const first = (m: RegExpExecArray | null) => (m ? m[1] ?? m[2] ?? m[3] : undefined);

export function parseGemspec(text: string): { name: string; version: string; licenses: string[] } {
  const name = first(NAME.exec(text));
  const version = first(VERSION.exec(text));
  if (!name || !version) throw new BulwarkError('MALFORMED_DOCUMENT', 'gemspec without name or version');
  const lic = LICENSES.exec(text)?.[1] ?? '';
  const licenses = [...lic.matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2]);
  return { name, version, licenses };
}

export const gemspecAnalyzer = defineAnalyzer({
  id: 'ruby-gemspec',
  version: 1,
  group: 'language',
  maxBytes: 1024 * 1024,
  matches: (path: string) => /(?:^|\/)specifications\/(?:default\/)?[^/]+\.gemspec$/.test(path),
  analyze: (file: AnalyzerFile) => guarded(file, (text) => {
    const g = parseGemspec(text);
    return { packages: [langPackage({ ecosystem: 'RubyGems', name: g.name, version: g.version, purl: purlOf('gem', undefined, g.name, g.version), file, foundBy: 'ruby-gemspec', licenses: g.licenses })] };
  }),
});
