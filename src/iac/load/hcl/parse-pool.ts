/**
 * hcl2json (HashiCorp's HCL parser compiled to WASM) in worker threads: parsing is most of the CPU time of a large
 * Terraform scan (~0.7 ms a file) and one WASM instance runs on one thread, so big scans parse on up to
 * `availableParallelism()` workers (each loads its own instance once) while small scans stay on the main thread,
 * where the one-off instance start-up is cheaper than starting workers.
 * The worker is an inline CommonJS script (no separate file to ship in dist/ or to resolve under tsx); it is handed
 * the resolved path of the package.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

type Json = Record<string, unknown>;
type Result = { json: Json } | { error: string };

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { parse } = require(workerData.mod);
parentPort.on('message', (batch) => {
  Promise.all(batch.items.map(([file, text]) => parse(file, text).then(
    (json) => ({ json }),
    (e) => ({ error: String((e && e.message) || e) }),
  ))).then((results) => parentPort.postMessage({ id: batch.id, results }));
});
`;

/** Files per message: enough calls in flight to keep the WASM bridge busy, few enough messages to keep cloning cheap. */
const BATCH = 64;

interface Pending { done: (r: Result[]) => void; fail: (e: Error) => void }

export class HclParsePool {
  private readonly workers: Array<{ w: Worker; busy: number }> = [];
  private readonly waiting = new Map<number, Pending>();
  private queue: Array<{ file: string; text: string; resolve: (r: Result) => void }> = [];
  private scheduled = false;
  private nextId = 0;

  constructor(size: number) {
    const mod = createRequire(import.meta.url).resolve('@cdktf/hcl2json');
    for (let i = 0; i < size; i++) {
      const w = new Worker(WORKER, { eval: true, workerData: { mod } });
      const slot = { w, busy: 0 };
      w.on('message', (m: { id: number; results: Result[] }) => {
        slot.busy--;
        const p = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        p?.done(m.results);
      });
      w.on('error', (err) => {
        for (const p of this.waiting.values()) p.fail(err);
        this.waiting.clear();
      });
      this.workers.push(slot);
    }
  }

  /** A worker pool when the scan is big enough to pay for starting workers, else undefined (parse inline). */
  static forFiles(count: number): HclParsePool | undefined {
    const size = Math.min(availableParallelism(), 4);
    return count >= 400 && size > 1 ? new HclParsePool(size) : undefined;
  }

  parse(file: string, text: string): Promise<Json> {
    return new Promise<Result>((resolve) => {
      this.queue.push({ file, text, resolve });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    }).then((r) => {
      if ('error' in r) throw new Error(r.error);
      return r.json;
    });
  }

  private flush(): void {
    this.scheduled = false;
    const q = this.queue;
    this.queue = [];
    for (let i = 0; i < q.length; i += BATCH) {
      const part = q.slice(i, i + BATCH);
      const slot = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
      const id = this.nextId++;
      slot.busy++;
      this.waiting.set(id, {
        done: (rs) => part.forEach((x, j) => x.resolve(rs[j] ?? { error: 'no result from the parser worker' })),
        fail: (e) => part.forEach((x) => x.resolve({ error: e.message })),
      });
      slot.w.postMessage({ id, items: part.map((x) => [x.file, x.text]) });
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((s) => s.w.terminate()));
  }
}
