/**
 * Routes walked entries to the analyzers whose `matches()` accepts them, buffers content only for those
 * (up to the largest `maxBytes` among them), runs `analyze` per file and `analyzeGroup` at layer end.
 * Shared by the image layer walk and the directory walk so both dispatch identically.
 */
import type { LayerRef } from '../core/index.js';
import {
  bufferSource, type Analyzer, type AnalyzerFile, type AnalyzerOptions, type AnalyzerResult, type ByteSource, type FileMeta, type FileResult,
  type OpenedSource,
} from '../analyzers/index.js';

/** Default content cap when an analyzer sets none (keeps one odd analyzer from buffering a 4 GiB file). */
export const DEFAULT_MAX_CONTENT_BYTES = 64 * 1024 * 1024;

export interface EntryPlan {
  path: string;
  meta: FileMeta;
  analyzers: Analyzer[];
  /** Buffer the content for at least one analyzer (else metadata only). */
  buffer: boolean;
}

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

export class Dispatcher {
  readonly results: FileResult[] = [];
  readonly warnings: string[] = [];
  /** Analyzer exceptions: a layer with any is not cached (the failure may be transient). */
  failures = 0;
  private readonly groups = new Map<Analyzer, AnalyzerFile[]>();

  /** `direct`: the walk can open files (directories), so `randomAccess` analyzers read on demand. */
  constructor(private readonly analyzers: readonly Analyzer[], private readonly layer: LayerRef, private readonly opts: AnalyzerOptions,
    private readonly direct = false) {}

  private onDemand(a: Analyzer, meta: FileMeta): boolean {
    return this.direct && a.randomAccess === true && meta.type === 'file';
  }

  /** Which analyzers want this entry; undefined when none (the entry's bytes are skipped). */
  plan(path: string, meta: FileMeta): EntryPlan | undefined {
    let matched: Analyzer[] | undefined;
    for (const a of this.analyzers) {
      let hit = false;
      try {
        hit = a.matches(path, meta);
      } catch (e) {
        this.failures++;
        this.warnings.push(`${path}: analyzer ${a.id} failed in matches(): ${errText(e)}`);
      }
      if (hit) (matched ??= []).push(a);
    }
    if (!matched) return undefined;
    const buffer = meta.type === 'file' && matched.some((a) => a.needsContent !== false && !this.onDemand(a, meta)
      && meta.size <= (a.maxBytes ?? DEFAULT_MAX_CONTENT_BYTES));
    return { path, meta, analyzers: matched, buffer };
  }

  /**
   * Runs `analyze` of every matched analyzer (content undefined when not buffered). `open` gives
   * on-demand access for `randomAccess` analyzers in directory walks; it is called at most once.
   * `reused`: `content` is a view of a buffer the walk overwrites next, so file groups keep a copy.
   */
  async complete(plan: EntryPlan, content: Buffer | undefined, open?: () => OpenedSource, reused = false): Promise<void> {
    let opened: OpenedSource | undefined;
    let kept: Buffer | undefined;
    try {
      for (const a of plan.analyzers) {
        const file = this.fileFor(a, plan, content, () => (opened ??= open!()).source);
        if (!file) continue;
        if (a.analyzeGroup) {
          const list = this.groups.get(a) ?? [];
          if (reused && file.content) {
            kept ??= Buffer.from(file.content);
            list.push({ ...file, content: kept, ...(file.source ? { source: bufferSource(kept) } : {}) });
          } else list.push(file);
          this.groups.set(a, list);
        }
        if (!a.analyze) continue;
        try {
          const r = await a.analyze(file, this.opts);
          if (r) this.push(a.id, plan.path, r);
        } catch (e) {
          this.failures++;
          this.warnings.push(`${plan.path}: analyzer ${a.id} failed: ${errText(e)}`);
        }
      }
    } finally {
      opened?.close();
    }
  }

  /** What analyzer `a` sees of this entry; undefined when the file could not be opened (warned). */
  private fileFor(a: Analyzer, plan: EntryPlan, content: Buffer | undefined, openSource: () => ByteSource): AnalyzerFile | undefined {
    const base: AnalyzerFile = { path: plan.path, meta: plan.meta, layer: this.layer };
    if (this.onDemand(a, plan.meta)) {
      try {
        return { ...base, source: openSource() };
      } catch (e) {
        this.warnings.push(`${plan.path}: unreadable (${(e as NodeJS.ErrnoException).code ?? errText(e)})`);
        return undefined;
      }
    }
    const cap = a.maxBytes ?? DEFAULT_MAX_CONTENT_BYTES;
    if (a.needsContent !== false && plan.meta.type === 'file' && plan.meta.size > cap) {
      // Never skip silently: a package hidden in a huge binary must show up as "not analyzed".
      this.warnings.push(`${plan.path}: ${plan.meta.size} bytes, over analyzer ${a.id}'s ${cap}-byte limit: not analyzed`);
    }
    if (a.needsContent === false || content === undefined || content.length > cap) return base;
    return { ...base, content, ...(a.randomAccess ? { source: bufferSource(content) } : {}) };
  }

  /** Layer end: one analyzeGroup call per analyzer that matched something. */
  async finish(): Promise<void> {
    for (const [a, files] of this.groups) {
      try {
        for (const r of await a.analyzeGroup!(files, this.opts)) this.push(a.id, r.path ?? files[0].path, r);
      } catch (e) {
        this.failures++;
        this.warnings.push(`${files[0].path}: analyzer ${a.id} failed on its file group: ${errText(e)}`);
      }
    }
    this.groups.clear();
  }

  private push(analyzer: string, path: string, result: AnalyzerResult): void {
    this.results.push({ analyzer, path, result });
  }
}
