/** CVSS helpers: base scores from v3.x / v2 vectors (OSV states vectors only) and score → severity. */
import type { Cvss, Severity } from '../../core/index.js';

const roundUp = (x: number): number => {
  const i = Math.round(x * 100000);
  return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
};

function parseVector(vector: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const part of vector.split('/')) {
    const [k, v] = part.split(':');
    if (k && v) m.set(k, v);
  }
  return m;
}

/** CVSS v3.0/3.1 base score (FIRST specification section 7.1); undefined when the vector is incomplete. */
export function cvss3BaseScore(vector: string): number | undefined {
  const m = parseVector(vector);
  const W: Record<string, Record<string, number>> = {
    AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 }, AC: { L: 0.77, H: 0.44 }, UI: { N: 0.85, R: 0.62 },
    C: { H: 0.56, L: 0.22, N: 0 }, I: { H: 0.56, L: 0.22, N: 0 }, A: { H: 0.56, L: 0.22, N: 0 },
  };
  const scope = m.get('S');
  const prW = scope === 'C' ? { N: 0.85, L: 0.68, H: 0.5 } : { N: 0.85, L: 0.62, H: 0.27 };
  const get = (k: string) => W[k]?.[m.get(k) ?? ''];
  const av = get('AV'); const ac = get('AC'); const ui = get('UI');
  const c = get('C'); const i = get('I'); const a = get('A');
  const pr = (prW as Record<string, number>)[m.get('PR') ?? ''];
  if ([av, ac, ui, c, i, a, pr].some((x) => x === undefined) || (scope !== 'U' && scope !== 'C')) return undefined;
  const iss = 1 - (1 - c!) * (1 - i!) * (1 - a!);
  const impact = scope === 'U' ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15;
  const exploit = 8.22 * av! * ac! * pr * ui!;
  if (impact <= 0) return 0;
  return scope === 'U' ? roundUp(Math.min(impact + exploit, 10)) : roundUp(Math.min(1.08 * (impact + exploit), 10));
}

/** CVSS v2 base score (v2 guide section 3.2.1). */
export function cvss2BaseScore(vector: string): number | undefined {
  const m = parseVector(vector);
  const W: Record<string, Record<string, number>> = {
    AV: { L: 0.395, A: 0.646, N: 1 }, AC: { H: 0.35, M: 0.61, L: 0.71 }, Au: { M: 0.45, S: 0.56, N: 0.704 },
    C: { N: 0, P: 0.275, C: 0.66 }, I: { N: 0, P: 0.275, C: 0.66 }, A: { N: 0, P: 0.275, C: 0.66 },
  };
  const v = ['AV', 'AC', 'Au', 'C', 'I', 'A'].map((k) => W[k][m.get(k) ?? '']);
  if (v.some((x) => x === undefined)) return undefined;
  const [av, ac, au, c, i, a] = v;
  const impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
  const exploit = 20 * av * ac * au;
  const f = impact === 0 ? 0 : 1.176;
  return Math.round(((0.6 * impact) + (0.4 * exploit) - 1.5) * f * 10) / 10;
}

/** Qualitative rating of a v3/v4 score (v2 has no critical band: ≥7 is high). */
export function severityFromScore(score: number, version: string): Severity {
  if (version.startsWith('2')) return score >= 7 ? 'high' : score >= 4 ? 'medium' : score > 0 ? 'low' : 'unknown';
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'unknown';
}

/** A v3.x or v2 vector → Cvss with its computed base score; v4 vectors (no calculator here) → undefined. */
export function cvssFromVector(vector: string, source: string): Cvss | undefined {
  const v3 = /^CVSS:(3\.[01])\//.exec(vector);
  if (v3) {
    const score = cvss3BaseScore(vector);
    return score === undefined ? undefined : { version: v3[1], vector, score, source };
  }
  if (/^(AV:[LAN])\//.test(vector)) {
    const score = cvss2BaseScore(vector);
    return score === undefined ? undefined : { version: '2.0', vector, score, source };
  }
  return undefined;
}
