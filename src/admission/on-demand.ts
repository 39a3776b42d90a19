/** The on-demand vulnerability scan behind the image gate: scanImage (vuln only), one at a time (2-core budgets). */
import { scanImage } from '../scan/index.js';
import { summarize, type VulnSummary } from './images.js';

interface OnDemandOptions { dbDir?: string; cacheDir?: string; insecure?: boolean; concurrency?: number }

export function onDemandScanner(o: OnDemandOptions): (image: string, digest: string) => Promise<VulnSummary> {
  const limit = Math.max(1, o.concurrency ?? 1);
  let running = 0;
  const queue: Array<() => void> = [];
  const acquire = () => new Promise<void>((resolve) => {
    if (running < limit) { running++; resolve(); } else queue.push(() => { running++; resolve(); });
  });
  const release = () => {
    running--;
    queue.shift()?.();
  };
  return async (image) => {
    await acquire();
    try {
      const report = await scanImage(image, {
        scanners: ['vuln'], ...(o.dbDir ? { dbDir: o.dbDir } : {}), ...(o.cacheDir ? { cacheDir: o.cacheDir } : {}), source: { insecure: o.insecure === true },
      });
      return summarize(report);
    } finally {
      release();
    }
  };
}
