/** `bulwark runtime rules|watch|check|manifests`: Falco-compatible runtime detection. */
import type { Command } from 'commander';
import { BulwarkError } from '../../core/index.js';
import { contextFor, parseExitCode, parseSeverities, type GetConfig, type SetExitCode } from '../options.js';

interface RulesOpts { rules?: string[]; format: string; output?: string }
interface WatchOpts {
  rules?: string[]; source?: string[]; auditLog?: string; auditWebhook?: string; input?: string; drift?: string; driftHost?: boolean;
  output?: string[]; webhookSecret?: string; server?: string; serverToken?: string; cluster?: string; minPriority?: string; ruleMatching: string;
  tags?: string; disableRule?: string[]; enableRule?: string[]; dedupWindow: string; rateLimit: string; metricsAddr?: string; procInterval: string; duration?: string;
  attribution: string; nodeName?: string; k8sApi?: string; kubeletUrl?: string; k8sTokenFile?: string; k8sCaFile?: string;
}
const ATTRIBUTION = ['auto', 'api', 'kubelet', 'none'];

const SOURCES = ['ebpf', 'proc', 'audit', 'falco-json', 'tetragon-json'];
const PRIORITIES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'debug'];

function wholeNumber(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new BulwarkError('USAGE', `${flag} must be a whole number ≥ 0, got ${v}`);
  return n;
}

export function register(program: Command, setExitCode: SetExitCode, config: GetConfig): void {
  const runtime = program.command('runtime').description('runtime detection: Falco rules over live process, file, network and Kubernetes audit events, plus drift');

  runtime.command('rules')
    .description('load rule files and list every rule: compiled true/false and, when false, the field, operator or macro it lacks')
    .option('--rules <file...>', 'Falco rules files (default: the bundled falco_rules.yaml + k8s_audit_rules.yaml; "default" adds them to yours)')
    .option('-f, --format <format>', 'table or json', 'table')
    .option('-o, --output <file>', 'write to a file')
    .addHelpText('after', `
Examples:
  bulwark runtime rules
  bulwark runtime rules --rules default --rules my_rules.yaml -f json
  bulwark runtime rules --rules /etc/falco/falco_rules.yaml --rules /etc/falco/falco_rules.local.yaml`)
    .action(async (o: RulesOpts, c: Command) => {
      const ctx = contextFor(c, config());
      if (o.format !== 'table' && o.format !== 'json') throw new BulwarkError('USAGE', `unknown format "${o.format}" (table, json)`);
      const uc = await import('../../scan/runtime.js');
      await ctx.writeOutput(uc.listRuntimeRules(o.rules ?? [], o.format), o.output);
      void setExitCode;
    });

  registerWatch(runtime, config);
  registerCheck(runtime, setExitCode, config);
  registerManifests(runtime, config);
}

const PRIVILEGES = ['capabilities', 'privileged'];

function registerManifests(runtime: Command, config: GetConfig): void {
  runtime.command('manifests')
    .description('Kubernetes manifests for the sensor: Namespace, ServiceAccount, read-only ClusterRole (pods, namespaces) for attribution, rules ConfigMap, and the DaemonSet (hostPID, least privilege for bpftrace, each right explained in a comment)')
    .option('-n, --namespace <ns>', 'namespace (created, labelled Pod Security privileged)', 'bulwark-runtime')
    .option('--image <ref>', 'sensor image, with bpftrace (default: ghcr.io/bulwark-security/bulwark:<version>)')
    .option('--privileges <mode>', 'capabilities (drop ALL, add BPF, PERFMON, SYS_RESOURCE, SYS_PTRACE, DAC_READ_SEARCH, SYS_ADMIN; not privileged) or privileged (last resort)', 'capabilities')
    .option('--rules <file...>', 'rule files for the ConfigMap, loaded after the bundled ones (default: a commented local_rules.yaml)')
    .option('--server <url>', 'also send alerts to this Bulwark server (token from Secret bulwark-runtime-token, key token)')
    .option('--cluster <name>', 'cluster name sent with --server alerts', 'default')
    .option('-o, --output <file>', 'write to a file')
    .addHelpText('after', `
Examples:
  bulwark runtime manifests | kubectl apply -f -
  bulwark runtime manifests --namespace security --image registry.example/bulwark:1.4 --rules my_rules.yaml
  bulwark runtime manifests --server http://bulwark-server.bulwark.svc:8080 --cluster prod`)
    .action(async (o: { namespace: string; image?: string; privileges: string; rules?: string[]; server?: string; cluster: string; output?: string }, c: Command) => {
      const ctx = contextFor(c, config());
      if (!PRIVILEGES.includes(o.privileges)) throw new BulwarkError('USAGE', `--privileges must be one of ${PRIVILEGES.join(', ')}, got ${o.privileges}`);
      if (o.server && !/^https?:\/\//.test(o.server)) throw new BulwarkError('USAGE', `--server needs an http(s) URL, got ${o.server}`);
      const uc = await import('../../scan/runtime.js');
      const yaml = uc.runtimeManifestsYaml({ namespace: o.namespace, image: o.image, privileges: o.privileges as never, rules: o.rules ?? [], server: o.server, cluster: o.cluster });
      await ctx.writeOutput(yaml, o.output);
    });
}

interface CheckOpts { pid?: string[]; containers?: boolean; hostFindings?: boolean; procRoot?: string; format: string; output?: string; severity?: string; exitCode?: string }

function registerCheck(runtime: Command, setExitCode: SetExitCode, config: GetConfig): void {
  runtime.command('check')
    .description('confinement of running processes from /proc: seccomp mode, AppArmor/SELinux label, capabilities, no_new_privs, read-only rootfs, host namespaces, container id; findings for risky settings in containers')
    .option('--pid <pid...>', 'only these processes (default: all, kernel threads excluded)')
    .option('--containers', 'only processes in a container (cgroup attribution: containerd, CRI-O, Docker, Podman)')
    .option('--host-findings', 'judge host processes too (default: findings for container processes only)')
    .option('--proc-root <dir>', 'read another /proc (a node\'s /proc mounted into a pod, or a fixture)', '/proc')
    .option('-f, --format <format>', 'table or json', 'table')
    .option('-o, --output <file>', 'write to a file')
    .option('-s, --severity <list>', 'findings at or above this severity (e.g. high), or exactly a list (critical,medium)')
    .option('--exit-code <code>', 'exit with this code when findings remain after --severity', '0')
    .addHelpText('after', `
Findings (container processes): RTC-001 privileged, RTC-002 dangerous effective capability (SYS_ADMIN…),
RTC-003 bounding set beyond the runtime default, RTC-004 seccomp disabled, RTC-005 no_new_privs off,
RTC-006 unconfined under an active LSM, RTC-007 writable root filesystem, RTC-008 host root,
RTC-009-{pid,net,ipc,uts} shared host namespace.

Examples:
  sudo bulwark runtime check --containers
  sudo bulwark runtime check --pid 4242 -f json
  sudo bulwark runtime check --containers --severity high --exit-code 1`)
    .action(async (o: CheckOpts, c: Command) => {
      const ctx = contextFor(c, config());
      if (o.format !== 'table' && o.format !== 'json') throw new BulwarkError('USAGE', `unknown format "${o.format}" (table, json)`);
      const exitCode = parseExitCode(o.exitCode);
      const severities = parseSeverities(o.severity);
      const pids = o.pid?.flatMap((p) => p.split(',')).map((p) => wholeNumber('--pid', p.trim()));
      const uc = await import('../../scan/runtime.js');
      const { text, result } = uc.checkRuntime({ pids, containers: o.containers, hostFindings: o.hostFindings, procRoot: o.procRoot }, o.format, severities);
      await ctx.writeOutput(text, o.output);
      if (pids?.length && result.missing.length === pids.length) throw new BulwarkError('INPUT_NOT_FOUND', `no such process: ${result.missing.join(', ')}`);
      if (exitCode && result.findings.length) setExitCode(exitCode);
    });
}

function registerWatch(runtime: Command, config: GetConfig): void {
  runtime.command('watch')
    .description('detect as it happens: Falco rules over eBPF (bpftrace) or /proc process events, Kubernetes audit events, or Falco/Tetragon JSON; drift; alerts to stdout, files, webhooks, the server')
    .option('--rules <file...>', 'Falco rules files (default: the bundled ones; "default" adds them to yours)')
    .option('--source <name...>', `event sources: ${SOURCES.join(', ')} (default: ebpf, falling back to proc when eBPF cannot run)`)
    .option('--audit-log <file>', 'with --source audit: follow this audit log (JSON lines, kube-apiserver --audit-log-path)')
    .option('--audit-webhook <addr>', 'with --source audit: serve the API server webhook backend on [host]:port (EventList POSTs)')
    .option('--input <file>', 'with --source falco-json/tetragon-json: JSON lines file, or - for stdin', '-')
    .option('--drift <image|scan.json|dir>', 'drift baseline: an image reference, a bulwark image -f json result, or a root filesystem directory')
    .option('--drift-host', 'check host processes against the drift baseline too (default: containers only)')
    .option('--output <spec...>', 'text, json (Falco JSON lines), file:PATH (JSON lines, appended), webhook:URL (repeatable; default text)')
    .option('--webhook-secret <secret>', 'HMAC-SHA256 key: webhook POSTs carry X-Bulwark-Signature: sha256=<hex>')
    .option('--server <url>', 'also send alerts to a Bulwark server (POST /api/alerts, JSON lines)')
    .option('--server-token <token>', 'bearer token for --server (scope: scan)')
    .option('--cluster <name>', 'cluster name sent with --server alerts')
    .option('--min-priority <p>', `drop rules below this priority (${PRIORITIES.join(', ')})`)
    .option('--rule-matching <mode>', 'all (every matching rule alerts) or first (Falco default: the first in file order)', 'all')
    .option('--tags <list>', 'only rules with one of these tags (comma-separated)')
    .option('--disable-rule <name...>', 'disable rules by name')
    .option('--enable-rule <name...>', 'enable rules the files disable')
    .option('--dedup-window <ms>', 'fold identical alerts within this window (0: off)', '10000')
    .option('--rate-limit <n>', 'alerts per second per rule (burst 5×; 0: off)', '20')
    .option('--metrics-addr <addr>', 'serve Prometheus metrics on [host]:port/metrics')
    .option('--proc-interval <ms>', '/proc poller interval', '100')
    .option('--duration <s>', 'stop after this many seconds (default: until SIGINT/SIGTERM)')
    .option('--attribution <mode>', `container → pod/namespace/labels/image: ${ATTRIBUTION.join(', ')} (auto: the Kubernetes API when running in a cluster)`, 'auto')
    .option('--node-name <name>', 'this node (pods are listed with fieldSelector spec.nodeName; the DaemonSet sets it from spec.nodeName)')
    .option('--k8s-api <url>', 'API server URL (default: in-cluster KUBERNETES_SERVICE_HOST:PORT)')
    .option('--kubelet-url <url>', 'with --attribution kubelet: the pods endpoint (default https://NODE:10250/pods; needs RBAC nodes/proxy)')
    .option('--k8s-token-file <file>', 'bearer token (default: the service account token)')
    .option('--k8s-ca-file <file>', 'CA for the API server or kubelet certificate (default: the service account ca.crt)')
    .addHelpText('after', `
Prints a line containing "ready" on stderr once capture runs; SIGINT/SIGTERM stop it after flushing alerts.

Examples:
  sudo bulwark runtime watch
  sudo bulwark runtime watch --output json --output file:/var/log/bulwark-alerts.jsonl --drift shop/web:1.2
  bulwark runtime watch --source audit --audit-webhook :8765 --rules default --rules my_k8s_rules.yaml
  falco -o json_output=true | bulwark runtime watch --source falco-json --output webhook:https://hooks.example/alerts --webhook-secret $KEY
  sudo bulwark runtime watch --source proc --server https://bulwark.example --server-token $TOKEN --cluster prod`)
    .action(async (o: WatchOpts, c: Command) => {
      const ctx = contextFor(c, config());
      const sources = (o.source ?? ['ebpf']).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
      for (const x of sources) if (!SOURCES.includes(x)) throw new BulwarkError('USAGE', `unknown --source "${x}" (${SOURCES.join(', ')})`);
      if (o.minPriority && !PRIORITIES.includes(o.minPriority.toLowerCase())) throw new BulwarkError('USAGE', `unknown --min-priority "${o.minPriority}" (${PRIORITIES.join(', ')})`);
      if (o.ruleMatching !== 'all' && o.ruleMatching !== 'first') throw new BulwarkError('USAGE', `--rule-matching must be all or first, got ${o.ruleMatching}`);
      const duration = o.duration === undefined ? undefined : wholeNumber('--duration', o.duration);
      if (!ATTRIBUTION.includes(o.attribution)) throw new BulwarkError('USAGE', `--attribution must be one of ${ATTRIBUTION.join(', ')}, got ${o.attribution}`);
      const uc = await import('../../scan/runtime.js');
      const running = await uc.startRuntimeWatch({
        rules: o.rules ?? [], sources: sources as never, auditLog: o.auditLog, auditWebhook: o.auditWebhook, input: o.input,
        drift: o.drift, driftHost: o.driftHost, outputs: o.output ?? [], webhookSecret: o.webhookSecret,
        server: o.server, serverToken: o.serverToken, cluster: o.cluster,
        engine: { minPriority: o.minPriority?.toLowerCase() as never, matching: o.ruleMatching as 'all' | 'first', tags: o.tags?.split(',').map((t) => t.trim()).filter(Boolean), disable: o.disableRule, enable: o.enableRule },
        dedupWindowMs: wholeNumber('--dedup-window', o.dedupWindow), ratePerSec: wholeNumber('--rate-limit', o.rateLimit),
        attribution: { mode: o.attribution as 'auto', nodeName: o.nodeName, apiUrl: o.k8sApi, kubeletUrl: o.kubeletUrl, tokenFile: o.k8sTokenFile, caFile: o.k8sCaFile },
        metricsAddr: o.metricsAddr, procIntervalMs: Math.max(10, wholeNumber('--proc-interval', o.procInterval)), logger: ctx.logger, stdout: process.stdout,
      });
      for (const n of running.notes) process.stderr.write(`bulwark: ${n}\n`);
      process.stderr.write(`bulwark: runtime watch ready (sources: ${running.sources.map((s) => s.name).join(', ')}; rules: ${running.watcher.activeRules}${running.metricsPort ? `; metrics :${running.metricsPort}` : ''})\n`);
      await new Promise<void>((resolve) => {
        const done = (): void => { process.off('SIGINT', done); process.off('SIGTERM', done); resolve(); };
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
        if (duration !== undefined) setTimeout(done, duration * 1000).unref();
        void running.inputsDone.then(done);
      });
      await running.stop();
      const stats = running.sources.map((s) => `${s.name}: ${s.stats.events} events, ${s.stats.lost} lost`).join('; ');
      process.stderr.write(`bulwark: runtime watch stopped (${stats}; ${running.watcher.alertsSent} alerts)\n`);
    });
}
