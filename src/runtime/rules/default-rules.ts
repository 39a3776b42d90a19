/** The bundled Falco rule files (see default/PROVENANCE.md) and reading user rule files. */
import { readFileSync } from 'node:fs';
import { BulwarkError } from '../../core/index.js';
import type { RuleFile } from './loader.js';

const DEFAULT_FILES = ['falco_rules.yaml', 'k8s_audit_rules.yaml', 'bulwark_rules.yaml'];

export function defaultRuleFiles(): RuleFile[] {
  return DEFAULT_FILES.map((name) => {
    const url = new URL(`./default/${name}`, import.meta.url);
    return { path: `builtin:${name}`, text: readFileSync(url, 'utf8') };
  });
}

/** `--rules FILE…`: user files replace the defaults unless `default` is one of them (as in `--rules default --rules mine.yaml`). */
export function readRuleFiles(paths: readonly string[]): RuleFile[] {
  if (!paths.length) return defaultRuleFiles();
  const out: RuleFile[] = [];
  for (const p of paths) {
    if (p === 'default') { out.push(...defaultRuleFiles()); continue; }
    try { out.push({ path: p, text: readFileSync(p, 'utf8') }); } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new BulwarkError(code === 'ENOENT' ? 'INPUT_NOT_FOUND' : 'USAGE', `cannot read rules file ${p}: ${code ?? (e as Error).message}`);
    }
  }
  return out;
}
