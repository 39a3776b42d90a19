/**
 * OS identification: one result per identification file, each carrying `os` and `facts.osPriority`
 * (lower wins; the inventory picks the best visible one and fills gaps from the others).
 * Google distroless has no package manager but `var/lib/dpkg/status.d/`: family debian, `distroless: true`.
 */
import { defineAnalyzer, type AnalyzerFile, type AnalyzerResult } from '../contract.js';
import type { OsInfo } from '../../core/index.js';
import { parseAlpineRelease, parseDebianVersion, parseOsRelease, parseRedhatRelease } from './parse-os-release.js';

const PARSERS: Record<string, { priority: number; parse: (t: string) => OsInfo | undefined }> = {
  'etc/os-release': { priority: 0, parse: parseOsRelease },
  'usr/lib/os-release': { priority: 1, parse: parseOsRelease },
  'etc/alpine-release': { priority: 2, parse: parseAlpineRelease },
  'etc/redhat-release': { priority: 3, parse: parseRedhatRelease },
  'etc/debian_version': { priority: 4, parse: parseDebianVersion },
};

const STATUS_D = 'var/lib/dpkg/status.d/';
const DISTROLESS_PRIORITY = 9;

/** base-files' version in a distroless status.d stanza gives the Debian release (`12.4+deb12u5` → 12). */
function distrolessOs(content: Buffer | undefined): OsInfo {
  const text = content?.toString('utf8') ?? '';
  const version = /^Package:\s*base-files\s*$[\s\S]*?^Version:\s*(\d+)/m.exec(text)?.[1] ?? '';
  return { family: 'debian', version, distroless: true };
}

function analyzeFile(file: AnalyzerFile): AnalyzerResult | undefined {
  if (file.path.startsWith(STATUS_D)) {
    return { os: distrolessOs(file.content), facts: { osPriority: DISTROLESS_PRIORITY } };
  }
  const p = PARSERS[file.path];
  if (!p || file.content === undefined) return undefined;
  const os = p.parse(file.content.toString('utf8'));
  if (!os) return { warnings: [`${file.path}: no OS identification found`] };
  return { os, facts: { osPriority: p.priority } };
}

export const osReleaseAnalyzer = defineAnalyzer({
  id: 'os-release',
  version: 1,
  group: 'os',
  modes: ['image', 'rootfs'],
  maxBytes: 64 * 1024,
  matches: (path, meta) => (meta.type === 'file' && path in PARSERS)
    || (path.startsWith(STATUS_D) && meta.type === 'file' && !path.endsWith('.md5sums')),
  analyze: (file) => analyzeFile(file),
});
