/** pom.xml files of a source tree (fs mode), grouped so parents and BOMs of the same tree are found. */
import type { PomModel } from './pom.js';
import { parsePom } from './pom.js';
import { resolvePom, type PomTree } from './pom-resolve.js';
import { defineAnalyzer, type AnalyzerFile, type AnalyzerResult } from '../contract.js';
import { fileWarning, langPackage, purlOf, textOf } from '../shared/lang-package.js';

const ID = 'java-pom';

function analyzePoms(files: AnalyzerFile[]): AnalyzerResult[] {
  const models = new Map<string, PomModel>();
  const out: AnalyzerResult[] = [];
  for (const f of files) {
    if (f.meta.type !== 'file') continue;
    const text = textOf(f);
    if (text === undefined) { out.push({ path: f.path, warnings: [`${f.path}: not read (larger than the analyzer's size limit)`] }); continue; }
    try {
      models.set(f.path, parsePom(text));
    } catch (e) {
      out.push({ path: f.path, warnings: [fileWarning(f.path, e)] });
    }
  }
  const tree: PomTree = { models };
  for (const f of files) {
    if (!models.has(f.path)) continue;
    const r = resolvePom(tree, f.path);
    const warnings: string[] = [];
    if (r.unresolved.length) {
      const why = r.missingParent ? `parent ${r.missingParent} is not in the scanned tree` : 'no version in the pom, its parents or dependencyManagement';
      warnings.push(`${f.path}: version unknown for ${r.unresolved.join(', ')} (${why})`);
    }
    const packages = r.dependencies.map((d) => langPackage({
      ecosystem: 'Maven', name: `${d.groupId}:${d.artifactId}`, version: d.version, purl: purlOf('maven', d.groupId, d.artifactId, d.version),
      file: f, foundBy: ID, dev: d.scope === 'test',
    }));
    if (packages.length || warnings.length) out.push({ path: f.path, packages, ...(warnings.length ? { warnings } : {}) });
  }
  return out;
}

export const javaPomAnalyzer = defineAnalyzer({
  id: ID,
  version: 1,
  group: 'language',
  modes: ['fs'],
  maxBytes: 8 * 1024 * 1024,
  // Poms inside a local repository (~/.m2) or build output describe other artifacts, not this project.
  matches: (path: string) => /(?:^|\/)pom\.xml$/.test(path) && !/(?:^|\/)(?:\.m2|target)\//.test(path),
  analyzeGroup: (files: AnalyzerFile[]) => analyzePoms(files),
});
