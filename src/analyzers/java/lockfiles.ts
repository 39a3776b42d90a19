/**
 * Gradle `gradle.lockfile` (`group:artifact:version=conf,conf`) and sbt-dependency-lock
 * `build.sbt.lock` (JSON, lockVersion 1). Dependencies only in test configurations are `dev`, and so is
 * all of `buildscript-gradle.lockfile` (the build's own plugin classpath, never shipped).
 */
import { BulwarkError } from '../../core/index.js';
import { defineAnalyzer, type AnalyzerFile } from '../contract.js';
import { baseName, guarded, langPackage, purlOf } from '../shared/lang-package.js';

const ID = 'java-lockfile';

interface JavaLockEntry { groupId: string; artifactId: string; version: string; dev: boolean }

const testOnly = (confs: string[]): boolean => confs.length > 0 && confs.every((c) => /^test/i.test(c));

function parseGradleLockfile(text: string): JavaLockEntry[] {
  const out: JavaLockEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const coords = (eq < 0 ? line : line.slice(0, eq)).split(':');
    // `empty=` lists configurations that resolved to nothing.
    if (coords.length !== 3 || coords.some((c) => !c)) continue;
    const confs = eq < 0 ? [] : line.slice(eq + 1).split(',').map((c) => c.trim()).filter(Boolean);
    out.push({ groupId: coords[0]!, artifactId: coords[1]!, version: coords[2]!, dev: testOnly(confs) });
  }
  return out;
}

function parseSbtLock(text: string): JavaLockEntry[] {
  const doc = JSON.parse(text) as { lockVersion?: unknown; dependencies?: unknown };
  if (doc?.lockVersion !== 1 || !Array.isArray(doc.dependencies)) throw new BulwarkError('MALFORMED_DOCUMENT', 'build.sbt.lock: expected lockVersion 1 with a dependencies array');
  return (doc.dependencies as Array<{ org?: unknown; name?: unknown; version?: unknown; configurations?: unknown }>).flatMap((d) => {
    if (typeof d?.org !== 'string' || typeof d.name !== 'string' || typeof d.version !== 'string') return [];
    const confs = Array.isArray(d.configurations) ? d.configurations.filter((c): c is string => typeof c === 'string') : [];
    return [{ groupId: d.org, artifactId: d.name, version: d.version, dev: testOnly(confs) }];
  });
}

function parserFor(path: string): ((text: string) => JavaLockEntry[]) | undefined {
  const name = baseName(path);
  if (name === 'gradle.lockfile' || name === 'buildscript-gradle.lockfile') return parseGradleLockfile;
  return name === 'build.sbt.lock' ? parseSbtLock : undefined;
}

function analyze(file: AnalyzerFile) {
  const buildscript = baseName(file.path) === 'buildscript-gradle.lockfile';
  return guarded(file, (text) => ({
    packages: parserFor(file.path)!(text).map((e) => langPackage({
      ecosystem: 'Maven', name: `${e.groupId}:${e.artifactId}`, version: e.version, purl: purlOf('maven', e.groupId, e.artifactId, e.version),
      file, foundBy: ID, dev: e.dev || buildscript,
    })),
  }));
}

export const javaLockfileAnalyzer = defineAnalyzer({
  id: ID,
  version: 1,
  group: 'language',
  modes: ['fs'],
  maxBytes: 16 * 1024 * 1024,
  matches: (path: string) => parserFor(path) !== undefined,
  analyze,
});
