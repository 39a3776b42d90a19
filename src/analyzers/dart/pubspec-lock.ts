/**
 * Dart/Flutter `pubspec.lock` (fs mode): `packages.<name>` with `dependency` ("direct main", "direct
 * dev", "direct overridden", "transitive"), `source` and `version`. SDK packages (flutter, flutter_test)
 * ship with the SDK and local `path` packages are the project's own code: neither is a pub.dev package.
 * The lock records no graph, so only direct dev dependencies can be marked dev. Git packages are real
 * packages but not pub.dev releases: marked `nonRegistry` (never matched by name against advisories).
 */
import type * as YamlModule from 'yaml';
import { lazy, BulwarkError } from '../../core/index.js';
import { defineAnalyzer, type AnalyzerFile } from '../contract.js';
import { guarded, langPackage, purlOf } from '../shared/lang-package.js';

const yaml = lazy<typeof YamlModule>('yaml');
const ID = 'dart-pubspec-lock';

interface PubEntry { name: string; version: string; dev: boolean; git?: string }

function parsePubspecLock(text: string): PubEntry[] {
  const doc = yaml().parse(text) as { packages?: unknown } | null;
  if (!doc || typeof doc !== 'object') throw new BulwarkError('MALFORMED_DOCUMENT', 'pubspec.lock is not a YAML mapping');
  if (doc.packages === undefined || doc.packages === null) return [];
  if (typeof doc.packages !== 'object') throw new BulwarkError('MALFORMED_DOCUMENT', 'pubspec.lock packages is not a mapping');
  return Object.entries(doc.packages as Record<string, { dependency?: unknown; source?: unknown; version?: unknown; description?: unknown }>).flatMap(([name, p]) => {
    if (typeof p?.version !== 'string' || p.source === 'sdk' || p.source === 'path') return [];
    const url = p.description && typeof p.description === 'object' ? (p.description as { url?: unknown }).url : undefined;
    const git = p.source === 'git' ? { git: typeof url === 'string' ? url : '' } : {};
    return [{ name, version: p.version, dev: p.dependency === 'direct dev', ...git }];
  });
}

export const pubspecLockAnalyzer = defineAnalyzer({
  id: ID,
  version: 1,
  group: 'language',
  modes: ['fs'],
  maxBytes: 16 * 1024 * 1024,
  matches: (path: string) => /(?:^|\/)pubspec\.lock$/.test(path),
  analyze: (file: AnalyzerFile) => guarded(file, (text) => ({
    packages: parsePubspecLock(text).map((e) => langPackage({
      ecosystem: 'Pub', name: e.name, version: e.version, purl: purlOf('pub', undefined, e.name, e.version), file, foundBy: ID, dev: e.dev,
      ...(e.git !== undefined ? { nonRegistry: { kind: 'git' as const, ...(e.git ? { ref: e.git } : {}) } } : {}),
    })),
  })),
});
