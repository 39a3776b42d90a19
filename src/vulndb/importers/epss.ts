/**
 * FIRST EPSS daily CSV (https://epss.cyentia.com/epss_scores-current.csv.gz):
 *   #model_version:v2023.03.01,score_date:2024-01-02T00:00:00+0000
 *   cve,epss,percentile
 *   CVE-2023-1234,0.00043,0.08123
 */
import { emptyFeed, type ParsedFeed } from './types.js';

export function isEpssCsv(text: string): boolean {
  const head = text.slice(0, 300).split('\n').map((l) => l.trim());
  return head.some((l) => l.replace(/\s/g, '').toLowerCase() === 'cve,epss,percentile');
}

export function parseEpss(text: string, origin: string): ParsedFeed {
  const feed = emptyFeed('epss', 'epss', origin);
  const lines = text.split('\n');
  for (const [n, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      const date = /score_date:([0-9T:+-]+)/.exec(line)?.[1];
      if (date) feed.modified = date;
      continue;
    }
    if (/^cve,/i.test(line)) continue;
    const [id, p, pct] = line.split(',');
    const probability = Number(p);
    const percentile = Number(pct);
    if (!/^CVE-\d{4}-\d+$/.test(id ?? '') || !Number.isFinite(probability) || !Number.isFinite(percentile)) {
      feed.warnings.push(`line ${n + 1}: not a cve,epss,percentile row`);
      continue;
    }
    feed.enrichment.push({ kind: 'epss', data: { id, epss: { probability, percentile } } });
  }
  return feed;
}
