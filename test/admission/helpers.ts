/* eslint-disable @typescript-eslint/no-explicit-any -- AdmissionReview JSON is free-form; tests read it by path */
/**
 * Admission test helpers: certificates from `generateCerts` (the CA the tests trust), the webhook started
 * in-process on a random port, and AdmissionReview builders. Every request is real HTTPS through that CA.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCerts, startAdmissionServer, writeCerts, type RunningServer, type ServeOptions } from '../../src/admission/index.js';

/** Polls `fn` until it holds (10 s at most). */
export async function until(fn: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export interface Tls { dir: string; ca: string; cert: string; key: string }

export async function makeTls(dir = mkdtempSync(join(tmpdir(), 'bw-adm-tls-'))): Promise<Tls> {
  const b = await generateCerts({ service: 'bulwark-admission', namespace: 'bulwark-system' });
  writeCerts(dir, b);
  return { dir, ca: b.caCert, cert: join(dir, 'tls.crt'), key: join(dir, 'tls.key') };
}

export interface Webhook {
  port: number;
  server: RunningServer;
  logs: Array<Record<string, unknown>>;
  work: string;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; text: string; json?: any }>;
  get(path: string): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

/** Starts the webhook; `files` are written into a temp dir and passed as the matching options. */
export async function startWebhook(opts: Partial<ServeOptions> & { files?: { policy?: string; pssConfig?: string; namespaces?: string }; tls?: Tls } = {}): Promise<Webhook> {
  const work = mkdtempSync(join(tmpdir(), 'bw-adm-'));
  const tls = opts.tls ?? await makeTls(join(work, 'tls'));
  const file = (name: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const p = join(work, name);
    writeFileSync(p, text);
    return p;
  };
  const logs: Array<Record<string, unknown>> = [];
  const { files, tls: _t, ...rest } = opts;
  const policy = file('policy.yaml', files?.policy);
  const pssConfig = file('pss.yaml', files?.pssConfig);
  const namespaces = file('namespaces.yaml', files?.namespaces);
  const server = await startAdmissionServer({
    port: 0, host: '127.0.0.1', tlsCert: tls.cert, tlsKey: tls.key, reloadIntervalMs: 100,
    ...(policy ? { policy } : {}), ...(pssConfig ? { pssConfig } : {}), ...(namespaces ? { namespaces } : {}),
    log: (line) => logs.push(JSON.parse(line) as Record<string, unknown>), ...rest,
  });
  const agent = new Agent({ ca: tls.ca, keepAlive: true, servername: 'localhost' });
  const call = (method: string, path: string, body?: string, headers: Record<string, string> = {}) => new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, agent, servername: 'localhost', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
  return {
    port: server.port, server, logs, work,
    async post(path, body, headers) {
      const r = await call('POST', path, typeof body === 'string' ? body : JSON.stringify(body), headers);
      let json: unknown;
      try { json = JSON.parse(r.text); } catch { /* plain-text error bodies */ }
      return { ...r, json };
    },
    get: (path) => call('GET', path),
    async close() {
      agent.destroy();
      await server.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

const RESOURCES: Record<string, { group: string; version: string; resource: string }> = {
  Pod: { group: '', version: 'v1', resource: 'pods' },
  PodTemplate: { group: '', version: 'v1', resource: 'podtemplates' },
  ReplicationController: { group: '', version: 'v1', resource: 'replicationcontrollers' },
  Namespace: { group: '', version: 'v1', resource: 'namespaces' },
  ConfigMap: { group: '', version: 'v1', resource: 'configmaps' },
  Deployment: { group: 'apps', version: 'v1', resource: 'deployments' },
  ReplicaSet: { group: 'apps', version: 'v1', resource: 'replicasets' },
  StatefulSet: { group: 'apps', version: 'v1', resource: 'statefulsets' },
  DaemonSet: { group: 'apps', version: 'v1', resource: 'daemonsets' },
  Job: { group: 'batch', version: 'v1', resource: 'jobs' },
  CronJob: { group: 'batch', version: 'v1', resource: 'cronjobs' },
};

let seq = 0;

export interface ReviewOpts {
  namespace?: string;
  operation?: 'CREATE' | 'UPDATE' | 'DELETE';
  oldObject?: Record<string, unknown>;
  user?: string;
  dryRun?: boolean;
  subResource?: string;
  resource?: { group: string; version: string; resource: string };
}

/** An AdmissionReview v1 for `obj` (kind and resource from its kind). */
export function review(obj: Record<string, unknown>, o: ReviewOpts = {}): Record<string, unknown> {
  const kind = String(obj.kind);
  const r = o.resource ?? RESOURCES[kind] ?? { group: 'example.com', version: 'v1', resource: `${kind.toLowerCase()}s` };
  const meta = (obj.metadata ?? {}) as Record<string, unknown>;
  const namespace = o.namespace ?? (meta.namespace as string | undefined) ?? (kind === 'Namespace' ? undefined : 'default');
  return {
    apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview',
    request: {
      uid: `uid-${++seq}`, kind: { group: r.group, version: r.version, kind }, resource: r, name: meta.name,
      ...(namespace ? { namespace } : {}), operation: o.operation ?? 'CREATE', userInfo: { username: o.user ?? 'alice', groups: ['system:authenticated'] },
      object: o.operation === 'DELETE' ? null : obj, ...(o.oldObject ? { oldObject: o.oldObject } : {}), ...(o.subResource ? { subResource: o.subResource } : {}),
      dryRun: o.dryRun ?? false,
    },
  };
}

/** A pod that passes restricted at every version (container and pod fields can be added). */
export function goodPod(name = 'p', spec: Record<string, unknown> = {}, container: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'a', image: 'registry.example/app:1.0', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...container } }],
      ...spec,
    },
  };
}

export function nsYaml(namespaces: Record<string, Record<string, string>>): string {
  return Object.entries(namespaces).map(([name, labels]) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: ${JSON.stringify(labels)}\n`).join('---\n');
}

/** Wraps a pod spec in a workload of `kind` (template where that kind keeps it). */
export function workload(kind: string, name: string, podSpec: Record<string, unknown>): Record<string, unknown> {
  const template = { metadata: { labels: { app: name } }, spec: podSpec };
  const api = RESOURCES[kind]!.group ? `${RESOURCES[kind]!.group}/v1` : 'v1';
  const base = { apiVersion: api, kind, metadata: { name } };
  if (kind === 'PodTemplate') return { ...base, template };
  if (kind === 'CronJob') return { ...base, spec: { schedule: '* * * * *', jobTemplate: { spec: { template } } } };
  return { ...base, spec: { selector: { matchLabels: { app: name } }, template } };
}
