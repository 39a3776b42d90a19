/** Verification results as table, JSON and SARIF 2.1.0 (one result per signature, one rule per check). */
import { TOOL_VERSION } from '../core/index.js';
import type { SignatureResult, VerifyResult } from './types.js';

export type VerifyFormat = 'table' | 'json' | 'sarif';

export interface Rendered extends VerifyResult {
  reference: string;
}

function cell(s: string | number | undefined, width: number): string {
  const t = s === undefined ? '-' : String(s);
  return t.length > width ? `${t.slice(0, width - 1)}…` : t.padEnd(width);
}

function table(r: Rendered): string {
  const lines = [`${r.reference} (${r.digest}): ${r.verified ? 'VERIFIED' : 'NOT VERIFIED'}${r.failure ? ` — ${r.failure.check}: ${r.failure.reason}` : ''}`];
  if (r.signatures.length) {
    lines.push('', `${cell('RESULT', 6)}  ${cell('KIND', 18)}  ${cell('IDENTITY', 40)}  ${cell('ISSUER', 36)}  ${cell('LOG INDEX', 10)}  SOURCE`);
    for (const s of r.signatures) {
      lines.push(`${cell(s.verified ? 'ok' : 'FAIL', 6)}  ${cell(s.kind, 18)}  ${cell(s.identity, 40)}  ${cell(s.issuer, 36)}  ${cell(s.logIndex, 10)}  ${s.source}`);
      lines.push(`        checks: ${s.checks.map((c) => `${c.name}${c.ok ? '✓' : '✗'}`).join(' ')}`);
      if (s.failure) lines.push(`        ${s.failure.check}: ${s.failure.reason}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function sarif(results: Rendered[]): string {
  const rules = new Map<string, { id: string; shortDescription: { text: string } }>();
  const out = results.flatMap((r) => {
    const sigs: Array<SignatureResult | undefined> = r.signatures.length ? r.signatures : [undefined];
    return sigs.map((s) => {
      const failure = s ? s.failure : r.failure;
      const ruleId = failure ? `signature/${failure.check}` : 'signature/verified';
      if (!rules.has(ruleId)) rules.set(ruleId, { id: ruleId, shortDescription: { text: failure ? `signature check failed: ${failure.check}` : 'signature verified' } });
      return {
        ruleId, level: s?.verified || (!s && r.verified) ? 'none' : 'error',
        message: { text: failure ? `${r.reference}: ${failure.check}: ${failure.reason}` : `${r.reference}: verified ${s?.kind ?? ''} signature by ${s?.identity ?? '?'}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: r.reference } } }],
        properties: { digest: r.digest, ...(s ? { kind: s.kind, source: s.source, identity: s.identity, issuer: s.issuer, logIndex: s.logIndex, checks: s.checks } : {}) },
      };
    });
  });
  return `${JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0',
    runs: [{ tool: { driver: { name: 'bulwark', version: TOOL_VERSION, informationUri: 'https://github.com/bulwark', rules: [...rules.values()] } }, results: out }],
  }, null, 2)}\n`;
}

export function renderVerify(r: Rendered, format: VerifyFormat): string {
  if (format === 'json') return `${JSON.stringify(r, null, 2)}\n`;
  if (format === 'sarif') return sarif([r]);
  return table(r);
}
