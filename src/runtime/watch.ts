/**
 * The watcher: sources → (drift check on execs) → rule engine → dedup/rate limit → outputs, with metrics.
 * Stop flushes every output before it resolves, so SIGINT/SIGTERM lose no alert already raised.
 */
import { hostname } from 'node:os';
import type { RuntimeEvent, SyscallEvent } from './event.js';
import { nanoTime, type RuleEngine, type Alert } from './rules/engine.js';
import type { EventSource } from './sources/source.js';
import type { AlertSink } from './outputs/sinks.js';
import type { AlertLimiter } from './outputs/limiter.js';
import type { WatchMetrics } from './outputs/metrics.js';
import { checkDrift, sha256File, type DriftBaseline } from './drift/baseline.js';
import type { PodDirectory } from './attribution/pods.js';

interface WatchConfig {
  sources: EventSource[];
  engine: RuleEngine;
  sinks: AlertSink[];
  limiter?: AlertLimiter;
  metrics?: WatchMetrics;
  drift?: DriftBaseline;
  /** Check host processes against the baseline too (default: containers only). */
  driftHost?: boolean;
  /** Container → pod/namespace/image (Kubernetes API or kubelet). */
  pods?: PodDirectory;
}

export const DRIFT_RULE = 'Drift: executable not in image';

export class Watcher {
  private readonly host = hostname();
  alertsSent = 0;
  get activeRules(): number { return this.c.engine.active.length; }
  constructor(private readonly c: WatchConfig) {}

  async start(): Promise<void> {
    this.c.metrics?.rules.set(this.c.engine.active.length);
    for (const s of this.c.sources) await s.start((ev) => this.onEvent(ev, s.name));
  }

  async stop(): Promise<void> {
    await Promise.all(this.c.sources.map((s) => s.stop()));
    await Promise.all(this.waiting);
    await Promise.all(this.c.sinks.map((s) => s.flush()));
    this.updateGauges();
  }

  updateGauges(): void {
    const m = this.c.metrics;
    if (!m) return;
    for (const s of this.c.sources) m.lost.set({ source: s.name }, s.stats.lost);
    for (const s of this.c.sinks) m.deliveryFailures.set({ output: s.name }, s.failures);
  }

  private readonly waiting = new Set<Promise<void>>();

  onEvent(ev: RuntimeEvent, source = ev.producer): void {
    const pods = this.c.pods;
    if (pods && ev.source === 'syscall' && ev.container.id !== 'host' && ev.container.podName === undefined && !pods.enrich(ev.container) && pods.shouldWait(ev.container)) {
      // a container we have not seen in the pod list: its first events wait (bounded) for one refresh
      const p = pods.refresh().then(() => { pods.settle(ev.container); this.process(ev, source); });
      this.waiting.add(p);
      void p.finally(() => this.waiting.delete(p));
      return;
    }
    this.process(ev, source);
  }

  private process(ev: RuntimeEvent, source: string): void {
    this.c.metrics?.events.inc({ source });
    if (this.c.drift && ev.source === 'syscall' && (ev.type === 'execve' || ev.type === 'execveat') && (ev.res ?? 0) === 0) this.drift(ev, this.c.drift);
    for (const a of this.c.engine.evaluate(ev)) this.emit(a);
  }

  private drift(ev: SyscallEvent, b: DriftBaseline): void {
    if (ev.container.id === 'host' && !this.c.driftHost) return;
    const path = ev.proc.exepath || ev.proc.exe;
    // short-lived processes are gone before we look: the parent's root (same mount namespace) still has the file
    let sha = ev.proc.exeSha256 ?? sha256File(`/proc/${ev.proc.pid}/exe`);
    for (const a of ev.ancestors) { if (sha) break; sha = sha256File(`/proc/${a.pid}/root${path}`); }
    const v = checkDrift(b, path, sha);
    ev.proc.exeSha256 = sha;
    ev.proc.exeUpperLayer = v.drift;
    if (!v.drift) return;
    const fields = {
      'proc.exepath': path, 'proc.exe.sha256': sha ?? null, 'proc.cmdline': [ev.proc.name, ...ev.proc.args].join(' '), 'proc.pid': ev.proc.pid,
      'container.id': ev.container.id, 'container.image': ev.container.image ?? null, 'k8s.ns.name': ev.container.namespace ?? null, 'k8s.pod.name': ev.container.podName ?? null,
      'drift.reason': v.reason ?? null, 'drift.baseline': b.origin,
    };
    const time = nanoTime(ev.time);
    const text = `Executable not in the image was run (reason=${v.reason} exe=${path} sha256=${sha ?? '<NA>'} command=${fields['proc.cmdline']} container_id=${ev.container.id} image=${ev.container.image ?? '<NA>'} baseline=${b.origin})`;
    this.emit({ time, rule: DRIFT_RULE, priority: 'Critical', output: `${time.slice(11, 29)}: Critical ${text}`, output_fields: { 'evt.time': ev.time, ...fields }, source: 'syscall', tags: ['drift', 'container', 'process', 'mitre_persistence', 'TA0003'], hostname: this.host });
  }

  emit(a: Alert): void {
    const text = a.output.slice(a.output.indexOf(' ') + 1);
    const held = this.c.limiter?.suppress(a.rule, text, Date.now());
    if (held) {
      this.c.metrics?.suppressed.inc({ rule: a.rule, reason: held });
      return;
    }
    this.alertsSent++;
    this.c.metrics?.alerts.inc({ rule: a.rule, priority: a.priority });
    for (const s of this.c.sinks) s.write(a);
  }
}
