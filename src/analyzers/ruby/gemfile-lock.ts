/**
 * Gemfile.lock in source trees (fs mode): the `specs:` of the GEM and GIT sections (PATH sections are
 * the project's own local gems). A platform suffix (`nokogiri (1.15.4-x86_64-linux)`) is not part of
 * the version. Dependency lines under a spec become edges.
 */
import { BulwarkError } from '../../core/index.js';
import { defineAnalyzer, type AnalyzerFile } from '../contract.js';
import { guarded, langPackage, purlOf } from '../shared/lang-package.js';

interface Spec { name: string; version: string; deps: string[] }

export function parseGemfileLock(text: string): Spec[] {
  const specs: Spec[] = [];
  let section = '';
  let inSpecs = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^[A-Z]/.test(line)) { section = line.trim(); inSpecs = false; continue; }
    if (line === '  specs:') { inSpecs = true; continue; }
    if (!inSpecs || (section !== 'GEM' && section !== 'GIT')) continue;
    const spec = /^ {4}([^\s(]+) \(([^)]+)\)$/.exec(line);
    if (spec) { specs.push({ name: spec[1], version: spec[2].split('-')[0], deps: [] }); continue; }
    const dep = /^ {6}([^\s(]+)/.exec(line);
    if (dep && specs.length) specs[specs.length - 1].deps.push(dep[1]);
  }
  if (!specs.length && !/^GEM$/m.test(text)) throw new BulwarkError('MALFORMED_DOCUMENT', 'no GEM section');
  return specs;
}

export const gemfileLockAnalyzer = defineAnalyzer({
  id: 'ruby-gemfile-lock',
  version: 1,
  group: 'language',
  modes: ['fs'],
  maxBytes: 16 * 1024 * 1024,
  matches: (path: string) => /(?:^|\/)(?:Gemfile\.lock|gems\.locked)$/.test(path) && !path.includes('vendor/bundle/'),
  analyze: (file: AnalyzerFile) => guarded(file, (text) => {
    const specs = parseGemfileLock(text);
    const byName = new Map(specs.map((s) => [s.name, s]));
    const purl = (s: Spec) => purlOf('gem', undefined, s.name, s.version);
    return {
      packages: specs.map((s) => langPackage({
        ecosystem: 'RubyGems', name: s.name, version: s.version, purl: purl(s), file, foundBy: 'ruby-gemfile-lock',
        dependsOn: s.deps.flatMap((d) => { const t = byName.get(d); return t ? [purl(t)] : []; }),
      })),
    };
  }),
});
