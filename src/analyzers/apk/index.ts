/** apk analyzer: Alpine/Wolfi/Chainguard installed database at `lib/apk/db/installed` or `usr/lib/apk/db/installed`. */
import type { Package } from '../../core/index.js';
import { defineAnalyzer, type AnalyzerFile, type AnalyzerResult, type FileMeta } from '../contract.js';
import { locationOf } from '../shared/location.js';
import { finalizeOsPackages } from '../shared/os-purl.js';
import { APK_ANALYZER_ID, parseApkInstalled } from './parse-apk-db.js';

const PATHS = new Set(['lib/apk/db/installed', 'usr/lib/apk/db/installed']);

export const apkAnalyzer = defineAnalyzer({
  id: APK_ANALYZER_ID,
  version: 1,
  group: 'os-packages',
  maxBytes: 128 * 1024 * 1024,
  matches(path: string, meta: FileMeta): boolean {
    return meta.type === 'file' && PATHS.has(path);
  },
  analyze(file: AnalyzerFile): AnalyzerResult {
    if (!file.content) return { warnings: [`${file.path}: too large to read, skipped`] };
    try {
      const { packages, warnings } = parseApkInstalled(file.content.toString('utf8'), locationOf(file));
      return { packages, ...(warnings.length ? { warnings } : {}) };
    } catch (e) {
      return { warnings: [`${file.path}: unreadable apk database (${(e as Error).message})`] };
    }
  },
  finalizePackages(packages: Package[], os) {
    return finalizeOsPackages('apk', packages, os);
  },
});
