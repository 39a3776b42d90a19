/** Use-cases for `bulwark runtime`: rule listing, and watch (sources + engine + drift baseline + outputs). */
import { statSync, existsSync } from 'node:fs';
import { BulwarkError, type Logger, type Severity } from '../core/index.js';
import * as rt from '../runtime/index.js';
import { scanImage } from './scan-image.js';

/** `bulwark runtime rules`: every rule with compiled true/false and what it lacks. */
export function listRuntimeRules(paths: readonly string[], format: 'table' | 'json'): string {
  const rs = rt.loadRuleset(rt.readRuleFiles(paths));
  const statuses = rt.ruleStatuses(rs);
  return format === 'json'
    ? `${JSON.stringify({ summary: rt.summarize(statuses), warnings: rs.warnings, rules: statuses }, null, 2)}\n`
    : rt.rulesTable(statuses, rs.warnings);
}

/** `bulwark runtime check`: confinement of running processes from /proc, with findings. */
export function checkRuntime(req: { pids?: number[]; containers?: boolean; hostFindings?: boolean; procRoot?: string }, format: 'table' | 'json', severities?: readonly Severity[]): { text: string; result: rt.RuntimeCheckResult } {
  const result = rt.runtimeCheck(req);
  if (severities) result.findings = result.findings.filter((f) => severities.includes(f.severity));
  return { text: format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : rt.runtimeCheckTable(result), result };
}

const LOCAL_RULES = `# Local rules for the bulwark runtime sensor, loaded after the bundled Falco rules.
# Add rules, or tune bundled ones with append/override, e.g.:
# - list: shell_binaries
#   items: [my-shell]
#   override:
#     items: append
`;

/** `bulwark runtime manifests`: DaemonSet + RBAC + rules ConfigMap (the given rule files, else a commented local file). */
export function runtimeManifestsYaml(o: { namespace: string; image?: string; privileges: rt.SensorPrivileges; rules: string[]; server?: string; cluster?: string }): string {
  const rules = o.rules.length ? rt.readRuleFiles(o.rules.filter((r) => r !== 'default')) : [{ path: 'local_rules.yaml', text: LOCAL_RULES }];
  // every file must load here (this throws on one that does not): a ConfigMap the sensor refuses would crash-loop every node
  rt.loadRuleset([...rt.defaultRuleFiles(), ...rules]);
  return rt.runtimeManifests({ ...o, rules });
}

/**
 * `--drift`: a Bulwark JSON scan result, a root filesystem directory (hashed), or an image reference
 * (scanned here: the files its packages installed; files no package owns count as drift — see docs).
 */
async function driftBaseline(spec: string, logger: Logger): Promise<rt.DriftBaseline> {
  if (existsSync(spec) && statSync(spec).isDirectory()) return rt.baselineFromRootfs(spec);
  if (existsSync(spec) && spec.endsWith('.json')) return rt.baselineFromScanJson(spec);
  logger.info(`drift: scanning ${spec} for its installed files`);
  const report = await scanImage(spec, { scanners: [], allowMissingDb: true, logger });
  return rt.baselineFromPackages(report.packages, `image ${spec}`);
}

type SourceName = 'ebpf' | 'proc' | 'audit' | 'falco-json' | 'tetragon-json';

interface WatchRequest {
  rules: string[];
  sources: SourceName[];
  auditLog?: string;
  auditWebhook?: string;
  input?: string;
  drift?: string;
  driftHost?: boolean;
  outputs: string[];
  webhookSecret?: string;
  server?: string;
  serverToken?: string;
  cluster?: string;
  engine: rt.EngineOptions;
  dedupWindowMs: number;
  ratePerSec: number;
  metricsAddr?: string;
  procIntervalMs: number;
  /** Container → pod: auto (the API when in a cluster), api, kubelet, none. */
  attribution?: { mode: 'auto' | 'api' | 'kubelet' | 'none'; nodeName?: string; apiUrl?: string; kubeletUrl?: string; tokenFile?: string; caFile?: string };
  logger: Logger;
  stdout: NodeJS.WritableStream;
}

interface RunningWatch {
  watcher: rt.Watcher;
  pods?: rt.PodDirectory;
  sources: rt.EventSource[];
  notes: string[];
  metricsPort?: number;
  stop(): Promise<void>;
  /** Resolves when every finite input (a file ingest) has been read; never for live sources. */
  inputsDone: Promise<void>;
}

function sinksFor(req: WatchRequest): rt.AlertSink[] {
  const sinks: rt.AlertSink[] = [];
  for (const spec of req.outputs.length ? req.outputs : ['text']) {
    if (spec === 'text' || spec === 'json') sinks.push(new rt.StreamSink(`stdout:${spec}`, req.stdout as never, spec));
    else if (spec.startsWith('file:')) sinks.push(new rt.FileSink(spec.slice(5), 'json'));
    else if (spec.startsWith('webhook:')) {
      const url = spec.slice(8);
      if (!/^https?:\/\//.test(url)) throw new BulwarkError('USAGE', `--output ${spec}: webhook needs an http(s) URL`);
      sinks.push(new rt.WebhookSink(url, req.webhookSecret));
    } else throw new BulwarkError('USAGE', `unknown --output "${spec}" (text, json, file:PATH, webhook:URL)`);
  }
  if (req.server) sinks.push(new rt.ServerSink(req.server, req.serverToken, req.cluster));
  return sinks;
}

function liveSources(req: WatchRequest, notes: string[]): rt.EventSource[] {
  const out: rt.EventSource[] = [];
  const procs = new rt.ProcTable();
  for (const s of req.sources) {
    if (s === 'ebpf') {
      const probe = rt.probeEbpf();
      if (probe.ok) out.push(new rt.BpftraceSource({ bpftrace: probe.bpftrace, tracefs: probe.tracefs, procs }));
      else {
        notes.push(`eBPF not usable: ${probe.reason}; falling back to the /proc poller (exec events only)`);
        if (!req.sources.includes('proc')) out.push(new rt.ProcPoller({ intervalMs: req.procIntervalMs, procs }));
      }
    } else if (s === 'proc') out.push(new rt.ProcPoller({ intervalMs: req.procIntervalMs, procs }));
    else if (s === 'audit') {
      if (!req.auditLog && !req.auditWebhook) throw new BulwarkError('USAGE', '--source audit needs --audit-log FILE and/or --audit-webhook ADDR');
      if (req.auditLog) out.push(new rt.AuditFileSource(req.auditLog));
      if (req.auditWebhook) out.push(new rt.AuditWebhookSource(req.auditWebhook));
    } else out.push(new rt.JsonIngestSource(s, req.input ?? '-'));
  }
  return out;
}

export async function startRuntimeWatch(req: WatchRequest): Promise<RunningWatch> {
  const ruleset = rt.loadRuleset(rt.readRuleFiles(req.rules));
  const engine = new rt.RuleEngine(ruleset, req.engine);
  const notes: string[] = [...ruleset.warnings];
  const missing = ruleset.rules.filter((r) => !r.compiled);
  if (missing.length) notes.push(`${missing.length} rule(s) not compiled (bulwark runtime rules lists what each lacks): ${missing.map((r) => r.name).join(', ')}`);
  const drift = req.drift ? await driftBaseline(req.drift, req.logger) : undefined;
  const metrics = new rt.WatchMetrics();
  const sources = liveSources(req, notes);
  const sinks = sinksFor(req);
  const limiter = new rt.AlertLimiter({ dedupWindowMs: req.dedupWindowMs, ratePerSec: req.ratePerSec, burst: Math.max(1, req.ratePerSec * 5) });
  const pods = rt.podDirectoryFor(req.attribution?.mode ?? 'auto', req.attribution ?? {}, notes);
  const watcher = new rt.Watcher({ sources, engine, sinks, limiter, metrics, drift, driftHost: req.driftHost, pods });
  const served = req.metricsAddr ? await metrics.serve(req.metricsAddr) : undefined;
  await watcher.start();
  for (const s of sources) notes.push(...s.stats.notes);
  for (const s of sources) if (s instanceof rt.AuditWebhookSource) notes.push(`audit webhook listening on ${req.auditWebhook?.replace(/:\d*$/, '') || '0.0.0.0'}:${s.port}`);
  const finite = sources.filter((s): s is rt.JsonIngestSource => s instanceof rt.JsonIngestSource);
  return {
    watcher, pods, sources, notes, metricsPort: served?.port,
    inputsDone: finite.length && finite.length === sources.length ? Promise.all(finite.map((f) => f.ended())).then(() => undefined) : new Promise(() => undefined),
    async stop() {
      await watcher.stop();
      await new Promise<void>((r) => (served ? served.server.close(() => r()) : r()));
    },
  };
}
