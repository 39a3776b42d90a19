/**
 * Cached scan results for the vulnerability gate: Bulwark JSON reports (`bulwark image … -f json`) in a directory,
 * indexed by every digest they name (manifest, index, repo digests), plus what on-demand scans add while running.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../core/index.js';
import { summarize, type VulnSource, type VulnSummary } from './images.js';

export class ScanResultStore implements VulnSource {
  private byDigest = new Map<string, VulnSummary>();
  private readonly learned = new Map<string, VulnSummary>();
  /** Reports that could not be read (reported by the reload log line). */
  errors: string[] = [];

  constructor(private readonly dir: string | undefined, readonly scan?: (image: string, digest: string) => Promise<VulnSummary>) {
    if (scan) {
      const inner = scan;
      this.scan = async (image, digest) => {
        const s = await inner(image, digest);
        this.learned.set(digest, s);
        return s;
      };
    }
    this.reload();
  }

  lookup(digest: string): VulnSummary | undefined {
    return this.byDigest.get(digest) ?? this.learned.get(digest);
  }

  /** Re-reads the directory; a report that fails to parse is skipped and named in `errors`. */
  reload(): number {
    const next = new Map<string, VulnSummary>();
    this.errors = [];
    if (!this.dir) return 0;
    for (const name of readdirSync(this.dir).filter((n) => n.endsWith('.json')).sort()) {
      const file = join(this.dir, name);
      try {
        if (!statSync(file).isFile()) continue;
        const r = JSON.parse(readFileSync(file, 'utf8')) as Report;
        const img = r.target?.image;
        if (!img || !Array.isArray(r.vulnerabilities)) throw new Error('not a Bulwark image report');
        const s = summarize(r);
        const digests = [img.manifestDigest, img.indexDigest, ...(img.repoDigests ?? []).map((d) => d.slice(d.indexOf('@') + 1))];
        for (const d of digests) if (d?.startsWith('sha256:')) next.set(d, s);
      } catch (e) {
        this.errors.push(`${file}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    this.byDigest = next;
    return next.size;
  }
}
