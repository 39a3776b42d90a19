/**
 * Every PSS control at baseline and restricted with passing and failing pods, and the version boundaries where
 * pod-security-admission changed a rule. Expected details are the strings upstream's check_*_test.go expect.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toK8sObject } from '../model/object.js';
import { podTemplateOf } from '../model/pod-spec.js';
import { checksFor, evaluatePss, parsePssVersion } from './evaluate.js';
import type { PssLevel } from './types.js';

type Spec = Record<string, unknown>;

function pod(spec: Spec, annotations: Record<string, string> = {}) {
  const obj = toK8sObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', annotations }, spec }, { file: 't', doc: 0, prefix: '' });
  if (typeof obj === 'string') throw new Error(obj);
  return podTemplateOf(obj)!;
}

/** A pod that passes restricted at every version. */
function good(extra: Spec = {}, container: Spec = {}): Spec {
  return {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'a', image: 'x', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...container } }],
    ...extra,
  };
}

function failing(spec: Spec, level: PssLevel, version: string, annotations: Record<string, string> = {}) {
  return evaluatePss(pod(spec, annotations), { level, minor: parsePssVersion(version) }).map((o) => o.def.id).sort();
}

function detail(spec: Spec, level: PssLevel, version: string, id: string, annotations: Record<string, string> = {}) {
  return evaluatePss(pod(spec, annotations), { level, minor: parsePssVersion(version) }).find((o) => o.def.id === id)?.result.detail;
}

test('a fully hardened pod passes restricted at every version from v1.0 to latest', () => {
  for (let m = 0; m <= 37; m++) assert.deepEqual(failing(good(), 'restricted', `v1.${m}`), [], `v1.${m}`);
});

test('privileged level runs no checks', () => {
  assert.deepEqual(failing({ hostNetwork: true, containers: [{ name: 'a', securityContext: { privileged: true } }] }, 'privileged', 'latest'), []);
});

const baselineCases: Array<[string, Spec, string, Record<string, string>?]> = [
  ['hostNamespaces', good({ hostNetwork: true, hostPID: true }), 'hostNetwork, hostPID'],
  ['privileged', good({}, { privileged: true }), 'container "a" must not set securityContext.privileged=true'],
  ['capabilities_baseline', good({}, { capabilities: { add: ['NET_RAW', 'CHOWN'] } }), 'container "a" must not include "NET_RAW" in securityContext.capabilities.add'],
  ['hostPathVolumes', good({ volumes: [{ name: 'h', hostPath: { path: '/' } }] }), 'volume "h"'],
  ['hostPorts', good({ containers: [{ name: 'a', ports: [{ containerPort: 80, hostPort: 80 }] }] }), 'container "a" uses hostPort 80'],
  ['appArmorProfile', good({}, { appArmorProfile: { type: 'Unconfined' } }), 'container "a" must not set AppArmor profile type to "Unconfined"'],
  ['seLinuxOptions', good({}, { seLinuxOptions: { type: 'spc_t' } }), 'container "a" set forbidden securityContext.seLinuxOptions: type "spc_t"'],
  ['procMount', good({}, { procMount: 'Unmasked' }), 'container "a" must not set securityContext.procMount to "Unmasked"'],
  ['seccompProfile_baseline', good({ securityContext: { seccompProfile: { type: 'Unconfined' } } }), 'pod must not set securityContext.seccompProfile.type to "Unconfined"'],
  ['sysctls', good({ securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '1' }] } }), 'kernel.msgmax'],
  ['windowsHostProcess', good({ securityContext: { windowsOptions: { hostProcess: true } } }), 'pod must not set securityContext.windowsOptions.hostProcess=true'],
  ['hostProbesAndHostLifecycle', good({}, {}), ''],
];

test('each baseline control: failing pod fails baseline with upstream wording; the good pod passes', () => {
  for (const [id, spec, expected] of baselineCases) {
    if (id === 'hostProbesAndHostLifecycle') continue;
    const base = failing(spec, 'baseline', 'latest');
    // Keep the other restricted-only fields intact so only the control under test fails at baseline.
    assert.ok(base.includes(id === 'procMount' ? 'procMount' : id), `${id}: ${base.join(',')}`);
    assert.equal(base.length, 1, `${id} alone fails: ${base.join(',')}`);
    assert.equal(detail(spec, 'baseline', 'latest', id), expected, id);
  }
});

test('upstream capabilities_restricted detail (check_capabilities_restricted_test.go "multiple containers")', () => {
  const spec = { containers: [
    { name: 'a', securityContext: { capabilities: { add: ['FOO', 'BAR'] } } },
    { name: 'b', securityContext: { capabilities: { add: ['BAR', 'BAZ'] } } },
    { name: 'c', securityContext: { capabilities: { add: ['NET_BIND_SERVICE', 'CHOWN'], drop: ['ALL', 'FOO'] } } },
  ] };
  assert.equal(detail(spec, 'restricted', 'latest', 'capabilities_restricted'),
    'containers "a", "b" must set securityContext.capabilities.drop=["ALL"]; containers "a", "b", "c" must not include "BAR", "BAZ", "CHOWN", "FOO" in securityContext.capabilities.add');
});

test('restricted controls fail only at restricted; baseline accepts them', () => {
  const cases: Array<[string, Spec, string]> = [
    ['restrictedVolumes', good({ volumes: [{ name: 'n', nfs: { server: 's', path: '/' } }] }), 'volume "n" uses restricted volume type "nfs"'],
    ['allowPrivilegeEscalation', good({}, { allowPrivilegeEscalation: true }), 'container "a" must set securityContext.allowPrivilegeEscalation=false'],
    ['runAsNonRoot', good({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }), 'pod or container "a" must set securityContext.runAsNonRoot=true'],
    ['runAsUser', good({}, { runAsUser: 0 }), 'container "a" must not set runAsUser=0'],
    ['seccompProfile_restricted', good({ securityContext: { runAsNonRoot: true } }), 'pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"'],
    ['capabilities_restricted', good({}, { capabilities: { drop: ['NET_RAW'] } }), 'container "a" must set securityContext.capabilities.drop=["ALL"]'],
  ];
  for (const [id, spec, expected] of cases) {
    assert.deepEqual(failing(spec, 'baseline', 'latest'), [], `${id} passes baseline`);
    assert.deepEqual(failing(spec, 'restricted', 'latest'), [id], `${id} fails restricted`);
    assert.equal(detail(spec, 'restricted', 'latest', id), expected);
  }
});

test('container-level settings override pod-level ones; init and ephemeral containers are visited', () => {
  assert.deepEqual(failing(good({}, { runAsNonRoot: false }), 'restricted', 'latest'), ['runAsNonRoot']);
  assert.deepEqual(failing(good({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }, { runAsNonRoot: true }), 'restricted', 'latest'), []);
  const init = good({ initContainers: [{ name: 'i', securityContext: { privileged: true } }] });
  assert.ok(failing(init, 'baseline', 'latest').includes('privileged'));
  const eph = good({ ephemeralContainers: [{ name: 'dbg', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }] });
  assert.deepEqual(failing(eph, 'baseline', 'latest'), ['capabilities_baseline']);
});

test('sysctls allow-list grows at v1.27, v1.29, v1.32 (and v1.37 only when asked for)', () => {
  const s = (name: string) => good({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, sysctls: [{ name, value: '1' }] } });
  const cases: Array<[string, string, string]> = [
    ['net.ipv4.ip_unprivileged_port_start', 'v1.0', 'pass'],
    ['net.ipv4.ip_local_reserved_ports', 'v1.26', 'fail'], ['net.ipv4.ip_local_reserved_ports', 'v1.27', 'pass'],
    ['net.ipv4.tcp_keepalive_time', 'v1.28', 'fail'], ['net.ipv4.tcp_keepalive_time', 'v1.29', 'pass'],
    ['net.ipv4.tcp_fin_timeout', 'v1.29', 'pass'], ['net.ipv4.tcp_keepalive_probes', 'v1.28', 'fail'],
    ['net.ipv4.tcp_rmem', 'v1.31', 'fail'], ['net.ipv4.tcp_rmem', 'v1.32', 'pass'], ['net.ipv4.tcp_wmem', 'latest', 'pass'],
    ['net.ipv4.tcp_slow_start_after_idle', 'latest', 'fail'], ['net.ipv4.tcp_slow_start_after_idle', 'v1.37', 'pass'],
  ];
  for (const [name, v, want] of cases) {
    assert.deepEqual(failing(s(name), 'baseline', v), want === 'pass' ? [] : ['sysctls'], `${name} @ ${v}`);
  }
});

test('hostProbesAndHostLifecycle applies from v1.34 to probes and lifecycle handlers', () => {
  const spec = good({}, {});
  (spec.containers as Spec[])[0].readinessProbe = { httpGet: { host: 'metadata.internal', port: 80 } };
  (spec.containers as Spec[])[0].lifecycle = { preStop: { tcpSocket: { host: '10.0.0.1', port: 1 } } };
  assert.deepEqual(failing(spec, 'baseline', 'v1.33'), []);
  assert.deepEqual(failing(spec, 'baseline', 'v1.34'), ['hostProbesAndHostLifecycle']);
  assert.equal(detail(spec, 'baseline', 'v1.34', 'hostProbesAndHostLifecycle'), 'container "a" uses probe or lifecycle hosts "10.0.0.1", "metadata.internal"');
});

test('runAsUser exists from v1.23; capabilities_restricted from v1.22 (baseline capabilities before)', () => {
  assert.deepEqual(failing(good({}, { runAsUser: 0 }), 'restricted', 'v1.22'), []);
  assert.deepEqual(failing(good({}, { runAsUser: 0 }), 'restricted', 'v1.23'), ['runAsUser']);
  const caps = good({}, { capabilities: { add: ['SYS_ADMIN'] } });
  assert.deepEqual(failing(caps, 'restricted', 'v1.21'), ['capabilities_baseline']);
  assert.deepEqual(failing(caps, 'restricted', 'v1.22'), ['capabilities_restricted'], 'restricted overrides the baseline check');
});

test('seccomp: annotations before v1.19, fields from v1.19; restricted requires a profile from v1.19', () => {
  const ann = { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' };
  assert.deepEqual(failing(good(), 'baseline', 'v1.18', ann), ['seccompProfile_baseline']);
  assert.equal(detail(good(), 'baseline', 'v1.18', 'seccompProfile_baseline', ann), 'forbidden annotation seccomp.security.alpha.kubernetes.io/pod="unconfined"');
  assert.deepEqual(failing(good(), 'baseline', 'v1.19', ann), []);
  const noProfile = good({ securityContext: { runAsNonRoot: true } });
  assert.deepEqual(failing(noProfile, 'restricted', 'v1.18'), []);
  assert.deepEqual(failing(noProfile, 'restricted', 'v1.19'), ['seccompProfile_restricted']);
});

test('allowPrivilegeEscalation exists from v1.8; Windows pods are exempt from Linux-only checks from v1.25', () => {
  const ape = good({}, { allowPrivilegeEscalation: true });
  assert.deepEqual(failing(ape, 'restricted', 'v1.7'), []);
  assert.deepEqual(failing(ape, 'restricted', 'v1.8'), ['allowPrivilegeEscalation']);
  const win = { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'a' }] };
  assert.deepEqual(failing(win, 'restricted', 'v1.24'), ['allowPrivilegeEscalation', 'capabilities_restricted', 'seccompProfile_restricted']);
  assert.deepEqual(failing(win, 'restricted', 'v1.25'), []);
  assert.deepEqual(failing({ ...win, securityContext: {} }, 'restricted', 'v1.25'), ['runAsNonRoot'], 'runAsNonRoot is not Windows-exempt');
});

test('SELinux container_engine_t is allowed from v1.31; user and role are always forbidden', () => {
  const t = good({}, { seLinuxOptions: { type: 'container_engine_t' } });
  assert.deepEqual(failing(t, 'baseline', 'v1.30'), ['seLinuxOptions']);
  assert.deepEqual(failing(t, 'baseline', 'v1.31'), []);
  assert.deepEqual(failing(good({}, { seLinuxOptions: { user: 'system_u' } }), 'baseline', 'latest'), ['seLinuxOptions']);
});

test('user namespaces (hostUsers: false) relax procMount, runAsNonRoot and runAsUser only from v1.35', () => {
  const userns = { hostUsers: false, securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'a', securityContext: { runAsUser: 0, procMount: 'Unmasked', allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }] };
  assert.deepEqual(failing(userns, 'baseline', 'v1.34'), ['procMount']);
  assert.deepEqual(failing(userns, 'baseline', 'v1.35'), []);
  assert.deepEqual(failing(userns, 'restricted', 'v1.34'), ['procMount', 'runAsNonRoot', 'runAsUser']);
  assert.deepEqual(failing(userns, 'restricted', 'v1.35'), ['procMount_restricted'], 'restricted still forbids Unmasked');
});

test('AppArmor: the beta annotation and the field are both checked at every version', () => {
  const ann = { 'container.apparmor.security.beta.kubernetes.io/a': 'unconfined' };
  assert.deepEqual(failing(good(), 'baseline', 'v1.0', ann), ['appArmorProfile']);
  assert.deepEqual(failing(good(), 'baseline', 'latest', { 'container.apparmor.security.beta.kubernetes.io/a': 'localhost/prof' }), []);
  assert.deepEqual(failing(good({ securityContext: { runAsNonRoot: true, appArmorProfile: { type: 'Unconfined' } } }), 'baseline', 'v1.0'), ['appArmorProfile']);
});

test('restricted volume types: the allowed nine pass, others (and unknown sources) fail', () => {
  for (const v of [{ configMap: {} }, { secret: {} }, { emptyDir: {} }, { projected: {} }, { downwardAPI: {} }, { persistentVolumeClaim: { claimName: 'c' } }, { csi: { driver: 'd' } }, { ephemeral: {} }, { image: { reference: 'x' } }]) {
    assert.deepEqual(failing(good({ volumes: [{ name: 'v', ...v }] }), 'restricted', 'latest'), [], JSON.stringify(v));
  }
  assert.equal(detail(good({ volumes: [{ name: 'g', gitRepo: {} }, { name: 'z', somethingNew: {} }] }), 'restricted', 'latest', 'restrictedVolumes'),
    'volumes "g", "z" use restricted volume types "gitRepo", "unknown"');
  assert.ok(!failing(good({ volumes: [{ name: 'h', hostPath: { path: '/tmp' } }] }), 'restricted', 'latest').includes('hostPathVolumes'), 'restrictedVolumes overrides hostPathVolumes');
});

test('version parsing: latest resolves to v1.36; newer versions clamp to the newest registered revision', () => {
  assert.equal(parsePssVersion('latest'), 36);
  assert.equal(parsePssVersion('v1.29'), 29);
  assert.equal(parsePssVersion('v1.99'), 37);
  assert.throws(() => parsePssVersion('2.0'), /invalid Pod Security version/);
  assert.equal(checksFor({ level: 'baseline', minor: 33 }).some((c) => c.def.id === 'hostProbesAndHostLifecycle'), false);
});

test('upstream-layout fixtures: pass pods pass from their version on, fail pods fail their check (volume with no source = implicit emptyDir)', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const { parseManifests } = await import('../loader/parse-manifests.js');
  const root = new URL('./testdata/upstream/', import.meta.url).pathname;
  const ids: Record<string, string> = { restrictedvolumes: 'restrictedVolumes', hostpathvolumes: 'hostPathVolumes' };
  let files = 0;
  for (const level of ['baseline', 'restricted'] as const) {
    for (const version of readdirSync(`${root}${level}`)) {
      for (const outcome of ['pass', 'fail']) {
        for (const f of readdirSync(`${root}${level}/${version}/${outcome}`)) {
          const obj = parseManifests(readFileSync(`${root}${level}/${version}/${outcome}/${f}`, 'utf8'), f).objects[0];
          const tpl = podTemplateOf(obj)!;
          files++;
          for (let m = parsePssVersion(version); m <= parsePssVersion('latest'); m++) {
            const failed = evaluatePss(tpl, { level, minor: m }).map((o) => o.def.id);
            if (outcome === 'pass') assert.deepEqual(failed, [], `${level}/${version}/pass/${f} at v1.${m}`);
            else assert.ok(failed.includes(ids[f.replace(/\d+\.yaml$/, '')]), `${level}/${version}/fail/${f} at v1.${m}: ${failed.join(', ')}`);
          }
        }
      }
    }
  }
  assert.equal(files, 6);
  assert.equal(detail(good({ volumes: [{ name: 'volume0' }, { name: 'g', gitRepo: {} }] }), 'restricted', 'latest', 'restrictedVolumes'),
    'volume "g" uses restricted volume type "gitRepo"');
});
