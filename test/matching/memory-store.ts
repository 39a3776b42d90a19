/** In-memory AdvisoryStore for tests: the same read port as the SQLite store, over plain arrays. */
import { packageKeyString, type Advisory, type AdvisoryStore, type DbMetadata, type Enrichment, type PackageKey } from '../../src/vulndb/contract.js';

export class MemoryAdvisoryStore implements AdvisoryStore {
  private readonly byKey = new Map<string, Advisory[]>();
  private readonly enrichment = new Map<string, Enrichment>();
  lookups = 0;

  constructor(advisories: readonly Advisory[] = [], enrichment: readonly Enrichment[] = []) {
    for (const a of advisories) this.add(a);
    for (const e of enrichment) this.enrichment.set(e.id, e);
  }

  add(a: Advisory): void {
    const k = packageKeyString({ ecosystem: a.ecosystem, name: a.package });
    const list = this.byKey.get(k);
    if (list) list.push(a);
    else this.byKey.set(k, [a]);
  }

  get size(): number {
    let n = 0;
    for (const l of this.byKey.values()) n += l.length;
    return n;
  }

  lookup(ecosystem: string, name: string): Advisory[] {
    this.lookups++;
    return this.byKey.get(packageKeyString({ ecosystem, name })) ?? [];
  }

  lookupMany(keys: readonly PackageKey[]): Map<string, Advisory[]> {
    this.lookups++;
    const out = new Map<string, Advisory[]>();
    for (const k of keys) {
      const l = this.byKey.get(packageKeyString(k));
      if (l) out.set(packageKeyString(k), l);
    }
    return out;
  }

  enrich(ids: readonly string[]): Map<string, Enrichment> {
    const out = new Map<string, Enrichment>();
    for (const id of ids) {
      const e = this.enrichment.get(id);
      if (e) out.set(id, e);
    }
    return out;
  }

  metadata(): DbMetadata {
    return { schemaVersion: 1, builtAt: '1970-01-01T00:00:00Z', feeds: [] };
  }

  close(): void {
    this.byKey.clear();
  }
}

/** Shorthand advisory builder. */
export function adv(p: Partial<Advisory> & Pick<Advisory, 'id' | 'ecosystem' | 'package'>): Advisory {
  return { aliases: [], source: 'osv', ranges: [], versions: [], ...p };
}
