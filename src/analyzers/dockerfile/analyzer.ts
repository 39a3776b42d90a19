/** Finds Dockerfiles/Containerfiles in source trees and records their parsed instructions for the checks. */
import { posix } from 'node:path';
import { defineAnalyzer, type AnalyzerResult } from '../contract.js';
import { parseDockerfile } from './parse-dockerfile.js';

const DOCKERFILE = /^(?:dockerfile|containerfile)(?:\.[\w.-]+)?$|\.(?:dockerfile|containerfile)$/i;

export function isDockerfile(path: string): boolean {
  return DOCKERFILE.test(posix.basename(path));
}

export const dockerfileAnalyzer = defineAnalyzer({
  id: 'dockerfile',
  // 2: the parse in `facts.dockerfile` (typed) instead of untyped `data`.
  version: 2,
  group: 'config',
  modes: ['fs'],
  maxBytes: 1024 * 1024,
  matches: (path, meta) => meta.type === 'file' && (isDockerfile(path) || posix.basename(path) === '.dockerignore'),
  analyzeGroup(files) {
    const ignoreDirs = new Set(files.filter((f) => posix.basename(f.path) === '.dockerignore').map((f) => posix.dirname(f.path)));
    const out: AnalyzerResult[] = [];
    for (const f of files) {
      if (!isDockerfile(f.path) || !f.content) continue;
      try {
        out.push({ path: f.path, facts: { dockerfile: parseDockerfile(f.content.toString('utf8'), ignoreDirs.has(posix.dirname(f.path))) } });
      } catch (err) {
        out.push({ path: f.path, warnings: [`${f.path}: cannot parse Dockerfile: ${(err as Error).message}`] });
      }
    }
    return out;
  },
});
