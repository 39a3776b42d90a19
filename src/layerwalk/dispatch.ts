/**
 * Routes walked entries to the analyzers whose `matches()` accepts them: buffers content only for
 * those that want it whole (up to the largest `maxBytes` among them), feeds streaming analyzers chunk
 * by chunk, spills big entries of image layers to a temp file for `randomAccess` analyzers, runs
 * `analyze` per file and `analyzeGroup` at layer end. Shared by the image layer walk and the directory
 * walk so both dispatch identically. Every skip an analyzer names is counted and reported.
 */
import type { LayerRef } from '../core/index.js';
import {
  bufferSource, type Analyzer, type AnalyzerFile, type AnalyzerOptions, type AnalyzerResult, type ByteSource, type FileMeta, type FileResult,
  type OpenedSource, type StreamSink,
} from '../analyzers/index.js';
import { SkipLog } from './skip-log.js';
import { Spill } from './spill.js';

/** Default content cap when an analyzer sets none (keeps one odd analyzer from buffering a 4 GiB file). */
export const DEFAULT_MAX_CONTENT_BYTES = 64 * 1024 * 1024;

/**
 * Image entries above this go to a temp file for `randomAccess` analyzers instead of memory: peak RSS
 * then stays flat whatever the binaries' sizes (two layers in flight hold at most 2 × this).
 */
const SPILL_MIN_BYTES = 4 * 1024 * 1024;

export interface EntryPlan {
  path: string;
  meta: FileMeta;
  analyzers: Analyzer[];
  /** Buffer the content for at least one analyzer (else metadata only). */
  buffer: boolean;
  /** Analyzers fed chunk by chunk. */
  streamers: Analyzer[];
  /** Image walks: write the entry to a temp file for the `randomAccess` analyzers. */
  spill: boolean;
}

/** What the walk feeds while an entry's bytes go by; `complete` then finishes it. */
interface EntryStream {
  write(chunk: Buffer): void;
}

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

interface DispatcherOptions {
  /** The walk can open files (directories): `randomAccess` analyzers read on demand. */
  direct?: boolean;
  /** Image walks: where big entries are spilled for `randomAccess` analyzers (default: the OS temp dir). */
  spillDir?: string;
  debug?: (message: string) => void;
}

export class Dispatcher {
  readonly results: FileResult[] = [];
  readonly warnings: string[] = [];
  /** Analyzer exceptions: a layer with any is not cached (the failure may be transient). */
  failures = 0;
  private readonly groups = new Map<Analyzer, AnalyzerFile[]>();
  private readonly sinks = new Map<EntryPlan, Array<[Analyzer, StreamSink]>>();
  private readonly spills = new Map<EntryPlan, Spill>();
  private readonly skips: SkipLog;
  private readonly direct: boolean;

  constructor(private readonly analyzers: readonly Analyzer[], private readonly layer: LayerRef, private readonly opts: AnalyzerOptions,
    private readonly dopts: DispatcherOptions = {}) {
    this.direct = dopts.direct === true;
    this.skips = new SkipLog(dopts.debug);
  }

  private onDemand(a: Analyzer, meta: FileMeta): boolean {
    return this.direct && a.randomAccess === true && meta.type === 'file';
  }

  private streamsFor(a: Analyzer, meta: FileMeta): boolean {
    return meta.type === 'file' && a.openStream !== undefined && a.streams?.(meta) === true;
  }

  private spillsFor(a: Analyzer, meta: FileMeta): boolean {
    return !this.direct && a.randomAccess === true && meta.type === 'file' && meta.size > SPILL_MIN_BYTES
      && meta.size <= (a.maxBytes ?? DEFAULT_MAX_CONTENT_BYTES);
  }

  /** Which analyzers want this entry; undefined when none (the entry's bytes are skipped). */
  plan(path: string, meta: FileMeta): EntryPlan | undefined {
    let matched: Analyzer[] | undefined;
    for (const a of this.analyzers) {
      let hit = false;
      try {
        hit = a.matches(path, meta);
        if (!hit && a.skipReason) {
          const why = a.skipReason(path, meta, this.opts);
          if (why) this.skips.add(a.id, path, why);
        }
      } catch (e) {
        this.failures++;
        this.warnings.push(`${path}: analyzer ${a.id} failed in matches(): ${errText(e)}`);
      }
      if (hit) (matched ??= []).push(a);
    }
    if (!matched) return undefined;
    const streamers = matched.filter((a) => this.streamsFor(a, meta));
    const spill = matched.some((a) => this.spillsFor(a, meta));
    const buffer = meta.type === 'file' && matched.some((a) => a.needsContent !== false && !this.onDemand(a, meta) && !streamers.includes(a)
      && !this.spillsFor(a, meta) && meta.size <= (a.maxBytes ?? DEFAULT_MAX_CONTENT_BYTES));
    return { path, meta, analyzers: matched, buffer, streamers, spill };
  }

  /**
   * Opens the entry's streaming sinks and spill file; undefined when it has neither (buffered or
   * metadata only). The walk writes every content chunk to the result, then calls `complete`.
   */
  begin(plan: EntryPlan): EntryStream | undefined {
    if (!plan.streamers.length && !plan.spill) return undefined;
    const sinks: Array<[Analyzer, StreamSink]> = [];
    for (const a of plan.streamers) {
      try {
        sinks.push([a, a.openStream!({ path: plan.path, meta: plan.meta, layer: this.layer }, this.opts)]);
      } catch (e) {
        this.fail(a, plan.path, e);
      }
    }
    this.sinks.set(plan, sinks);
    let spill: Spill | undefined;
    if (plan.spill) {
      try {
        spill = new Spill(this.dopts.spillDir, plan.meta.size);
        this.spills.set(plan, spill);
      } catch (e) {
        this.warnings.push(`${plan.path}: cannot spill to a temp file (${errText(e)}): not analyzed by random-access analyzers`);
      }
    }
    return {
      write: (chunk) => {
        for (let k = 0; k < sinks.length; k++) {
          try {
            sinks[k][1].write(chunk);
          } catch (e) {
            this.fail(sinks[k][0], plan.path, e);
            sinks.splice(k--, 1);
          }
        }
        spill?.write(chunk);
      },
    };
  }

  private fail(a: Analyzer, path: string, e: unknown): void {
    this.failures++;
    this.warnings.push(`${path}: analyzer ${a.id} failed: ${errText(e)}`);
  }

  /**
   * Runs `analyze` of every matched analyzer (content undefined when not buffered) and ends the
   * entry's sinks. `open` gives on-demand access for `randomAccess` analyzers in directory walks; it is
   * called at most once. `reused`: `content` is a view of a buffer the walk overwrites next, so file
   * groups keep a copy.
   */
  async complete(plan: EntryPlan, content: Buffer | undefined, open?: () => OpenedSource, reused = false): Promise<void> {
    let opened: OpenedSource | undefined;
    const spill = this.spills.get(plan);
    this.spills.delete(plan);
    let kept: Buffer | undefined;
    try {
      this.endSinks(plan, content);
      for (const a of plan.analyzers) {
        if (plan.streamers.includes(a)) continue;
        const file = this.fileFor(a, plan, content, () => (opened ??= spill ? spill.open() : open!()).source);
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
          this.fail(a, plan.path, e);
        }
      }
    } finally {
      opened?.close();
      spill?.remove();
    }
  }

  /** Ends the entry's sinks; a buffered entry is first written to sinks in one piece (no stream was begun). */
  private endSinks(plan: EntryPlan, content: Buffer | undefined): void {
    let sinks = this.sinks.get(plan);
    this.sinks.delete(plan);
    if (!sinks && plan.streamers.length && content) {
      const whole = { ...plan, spill: false };
      this.begin(whole)?.write(content);
      sinks = this.sinks.get(whole);
      this.sinks.delete(whole);
    }
    for (const [a, sink] of sinks ?? []) {
      try {
        const r = sink.end();
        if (r) this.push(a.id, plan.path, r);
      } catch (e) {
        this.fail(a, plan.path, e);
      }
    }
  }

  /** What analyzer `a` sees of this entry; undefined when the file could not be opened (warned). */
  private fileFor(a: Analyzer, plan: EntryPlan, content: Buffer | undefined, openSource: () => ByteSource): AnalyzerFile | undefined {
    const base: AnalyzerFile = { path: plan.path, meta: plan.meta, layer: this.layer };
    if (this.onDemand(a, plan.meta) || (plan.spill && this.spillsFor(a, plan.meta))) {
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

  /** Layer end: one analyzeGroup call per analyzer that matched something; skip counts become warnings. */
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
    this.warnings.push(...this.skips.summary());
  }

  private push(analyzer: string, path: string, result: AnalyzerResult): void {
    if (result.skipped) {
      this.skips.add(analyzer, path, result.skipped);
      const { skipped: _, ...rest } = result;
      if (Object.keys(rest).length === 0) return;
      result = rest;
    }
    this.results.push({ analyzer, path, result });
  }
}
