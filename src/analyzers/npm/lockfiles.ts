/** npm-family lockfiles in source trees (fs mode): package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml. */
import { defineAnalyzer, type AnalyzerFile } from '../contract.js';
import { baseName, guarded } from '../shared/lang-package.js';
import { lockPackages, type LockEntry } from './lock-model.js';
import { parsePackageLock } from './package-lock.js';
import { parsePnpmLock } from './pnpm-lock.js';
import { parseYarnLock } from './yarn-lock.js';

const PARSERS: Record<string, (text: string) => LockEntry[]> = {
  'package-lock.json': parsePackageLock,
  'npm-shrinkwrap.json': parsePackageLock,
  'yarn.lock': parseYarnLock,
  'pnpm-lock.yaml': parsePnpmLock,
};

export const npmLockfileAnalyzer = defineAnalyzer({
  id: 'npm-lockfile',
  version: 1,
  group: 'language',
  modes: ['fs'],
  maxBytes: 64 * 1024 * 1024,
  // Lockfiles vendored inside installed packages describe those packages' dev setups, not this project.
  matches: (path: string) => Object.hasOwn(PARSERS, baseName(path)) && !path.includes('node_modules/'),
  analyze: (file: AnalyzerFile) =>
    guarded(file, (text) => ({ packages: lockPackages(PARSERS[baseName(file.path)](text), file, 'npm-lockfile') })),
});
