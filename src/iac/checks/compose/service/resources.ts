/**
 * Compose service settings from the CIS Docker Benchmark's container runtime section (1.3.1 numbering) that the
 * other Compose checks do not cover: resource limits, cgroup parent and namespace, restart policy, UTS namespace,
 * privileged host ports, shared mount propagation, SELinux labels.
 */
import { isOneOf, isSet, isUnset } from '../../../model/value.js';
import { composeCheck } from '../../shared/compose.js';

const SPEC = 'https://docs.docker.com/reference/compose-file/services/';

export const composeMemoryLimit = composeCheck({
  id: 'BW-IAC-5119', severity: 'low', title: 'Compose service has no memory limit',
  trivy: null, checkov: [],
  rationale: 'Without a limit a container can use all of the host\'s memory: one runaway or attacked service (a decompression bomb, a memory leak an attacker can trigger) makes every other container on the host fail.',
  remediation: 'Set `mem_limit: 512m` or `deploy.resources.limits.memory`.',
  cis: 'CIS Docker Benchmark 1.3.1 5.10', references: [`${SPEC}#mem_limit`],
  fails: (svc) => (isUnset(svc.memLimit) ? { loc: svc.memLimit.loc, message: 'has no memory limit' } : undefined),
  fail: [''], pass: ['    mem_limit: 512m\n', '    deploy:\n      resources:\n        limits:\n          memory: 512M\n'], unknown: ['    mem_limit: ${MEM}\n'],
});

export const composePidsLimit = composeCheck({
  id: 'BW-IAC-5120', severity: 'low', title: 'Compose service has no PIDs limit',
  trivy: null, checkov: [],
  rationale: 'Without a PIDs limit one process in the container can fork until the host runs out of process ids (a fork bomb), taking down every container and the Docker daemon with it.',
  remediation: 'Set `pids_limit: 200` (or `deploy.resources.limits.pids`).',
  cis: 'CIS Docker Benchmark 1.3.1 5.28', references: [`${SPEC}#pids_limit`],
  fails: (svc) => (isUnset(svc.pidsLimit) || (svc.pidsLimit.known && (svc.pidsLimit.value ?? 0) <= 0)
    ? { loc: svc.pidsLimit.loc, message: 'has no PIDs limit' } : undefined),
  fail: ['', '    pids_limit: -1\n'], pass: ['    pids_limit: 200\n'], unknown: ['    pids_limit: ${PIDS}\n'],
});

export const composeCgroupParent = composeCheck({
  id: 'BW-IAC-5121', severity: 'low', title: 'Compose service sets its own cgroup parent',
  trivy: null, checkov: [],
  rationale: '`cgroup_parent` places the container in a cgroup of your choosing instead of Docker\'s: the limits and accounting Docker applies may no longer hold, and a wrong parent can share limits with host services.',
  remediation: 'Remove `cgroup_parent` unless the host\'s cgroup layout was designed for it.',
  cis: 'CIS Docker Benchmark 1.3.1 5.24', references: [`${SPEC}#cgroup_parent`],
  fails: (svc) => (svc.cgroupParent.known && isSet(svc.cgroupParent) ? { loc: svc.cgroupParent.loc, message: `uses cgroup parent ${svc.cgroupParent.value}` } : undefined),
  fail: ['    cgroup_parent: /system.slice\n'], pass: [''],
});

export const composeHostCgroupns = composeCheck({
  id: 'BW-IAC-5122', severity: 'medium', title: 'Compose service shares the host cgroup namespace',
  trivy: null, checkov: [],
  rationale: '`cgroup: host` shows the container the host\'s whole cgroup tree; with a writable cgroupfs (privileged, SYS_ADMIN) the release_agent container escape needs nothing more.',
  remediation: 'Remove `cgroup: host` (the default on cgroup v2 hosts is `private`).',
  references: [`${SPEC}#cgroup`],
  fails: (svc) => (isOneOf(svc.cgroup, 'host') ? { loc: svc.cgroup.loc, message: 'shares the host cgroup namespace' } : undefined),
  fail: ['    cgroup: host\n'], pass: ['    cgroup: private\n'], unknown: ['    cgroup: ${CGROUP}\n'],
});

export const composeRestartAlways = composeCheck({
  id: 'BW-IAC-5123', severity: 'low', title: 'Compose service restarts forever',
  trivy: null, checkov: [],
  rationale: 'With `restart: always` or `unless-stopped` a crashing container restarts without limit: an exploit that crashes the service gets unlimited attempts, and a crash loop can starve the host.',
  remediation: 'Use `restart: on-failure:5` (or `deploy.restart_policy` with `max_attempts`).',
  cis: 'CIS Docker Benchmark 1.3.1 5.14', references: [`${SPEC}#restart`],
  fails: (svc) => (isOneOf(svc.restart, 'always', 'unless-stopped') ? { loc: svc.restart.loc, message: `restarts without limit (restart: ${svc.restart.known ? svc.restart.value : ''})` } : undefined),
  fail: ['    restart: always\n'], pass: ['    restart: on-failure:5\n', ''], unknown: ['    restart: ${RESTART}\n'],
});

export const composeHostUts = composeCheck({
  id: 'BW-IAC-5124', severity: 'medium', title: 'Compose service shares the host UTS namespace',
  trivy: null, checkov: [],
  rationale: '`uts: host` lets the container see and change the host\'s hostname and domain name, which other services and logs trust.',
  remediation: 'Remove `uts: host`.',
  cis: 'CIS Docker Benchmark 1.3.1 5.20', references: [`${SPEC}#uts`],
  fails: (svc) => (isOneOf(svc.uts, 'host') ? { loc: svc.uts.loc, message: 'shares the host UTS namespace' } : undefined),
  fail: ['    uts: host\n'], pass: [''], unknown: ['    uts: ${UTS}\n'],
});

export const composePrivilegedPort = composeCheck({
  id: 'BW-IAC-5125', severity: 'low', title: 'Compose service publishes a privileged host port',
  trivy: null, checkov: [],
  rationale: 'Host ports below 1024 are reserved for privileged services; a container publishing one (22, 25, 53…) can impersonate a host service, and the mapping usually means the container was meant to be the host\'s front door.',
  remediation: 'Publish on a port of 1024 or above, or put a reverse proxy in front.',
  cis: 'CIS Docker Benchmark 1.3.1 5.7', references: [`${SPEC}#ports`],
  fails: (svc) => {
    const p = svc.ports.find((x) => x.published.known && x.published.value !== undefined && /^\d+$/.test(x.published.value) && Number(x.published.value) < 1024);
    return p ? { loc: p.loc, message: `publishes privileged host port ${p.published.known ? p.published.value : ''}` } : undefined;
  },
  fail: ['    ports:\n      - "127.0.0.1:22:2222"\n'], pass: ['    ports:\n      - "127.0.0.1:8080:80"\n'], unknown: ['    ports:\n      - "${PORT}:80"\n'],
});

export const composeSharedPropagation = composeCheck({
  id: 'BW-IAC-5126', severity: 'medium', title: 'Compose service mounts a volume with shared propagation',
  trivy: null, checkov: [],
  rationale: 'With shared (or rshared) propagation, mounts the container makes under the bind mount appear on the host and in every other container sharing it: a container with mount rights can change what the host sees.',
  remediation: 'Drop `:shared`/`:rshared` (or `bind.propagation`); the default `rprivate` keeps mounts inside the container.',
  cis: 'CIS Docker Benchmark 1.3.1 5.19', references: ['https://docs.docker.com/engine/storage/bind-mounts/#configure-bind-propagation'],
  fails: (svc) => {
    const v = svc.volumes.find((x) => isOneOf(x.propagation, 'shared', 'rshared'));
    return v ? { loc: v.loc, message: `mounts ${v.source.known ? v.source.value : '?'} with ${v.propagation.known ? v.propagation.value : ''} propagation` } : undefined;
  },
  fail: ['    volumes:\n      - /srv/data:/data:rshared\n', '    volumes:\n      - type: bind\n        source: /srv/data\n        target: /data\n        bind:\n          propagation: shared\n'],
  pass: ['    volumes:\n      - /srv/data:/data:ro\n'], unknown: ['    volumes:\n      - /srv/data:/data:${MODE}\n'],
});

export const composeSelinuxDisabled = composeCheck({
  id: 'BW-IAC-5127', severity: 'medium', title: 'Compose service disables SELinux labeling',
  trivy: null, checkov: [],
  rationale: 'On SELinux hosts Docker gives each container its own MCS label so that it cannot touch other containers\' or the host\'s files even as root; `label:disable` turns that separation off.',
  remediation: 'Remove `label:disable` from `security_opt`; relabel bind mounts with `:z`/`:Z` instead.',
  cis: 'CIS Docker Benchmark 1.3.1 5.2', references: ['https://docs.docker.com/reference/cli/docker/container/run/#security-opt'],
  fails: (svc) => (svc.securityOpt.known && svc.securityOpt.value.some((o) => /^label[:=]disable$/i.test(o.trim())) ? { loc: svc.securityOpt.loc, message: 'disables SELinux labeling (label:disable)' } : undefined),
  fail: ['    security_opt:\n      - label:disable\n'], pass: ['    security_opt:\n      - label:type:svirt_apache_t\n'], unknown: ['    security_opt:\n      - ${OPT}\n'],
});

export const composeHealthcheckDisabled = composeCheck({
  id: 'BW-IAC-5128', severity: 'low', title: 'Compose service disables its health check',
  trivy: null, checkov: [],
  rationale: 'With the image\'s HEALTHCHECK disabled, a hung or hijacked service (a process replaced by an attacker\'s, a deadlocked server) keeps receiving traffic and is never restarted or reported.',
  remediation: 'Remove `healthcheck: { disable: true }` / `test: ["NONE"]`, or define a health check for the service.',
  cis: 'CIS Docker Benchmark 1.3.1 5.26', references: [`${SPEC}#healthcheck`],
  fails: (svc) => (svc.healthcheckDisabled.known && svc.healthcheckDisabled.value ? { loc: svc.healthcheckDisabled.loc, message: 'disables its health check' } : undefined),
  fail: ['    healthcheck:\n      disable: true\n', '    healthcheck:\n      test: ["NONE"]\n'],
  pass: ['    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost/healthz"]\n', ''],
  unknown: ['    healthcheck:\n      disable: ${NO_HEALTH}\n'],
});

export const composeOomKillDisabled = composeCheck({
  id: 'BW-IAC-5129', severity: 'medium', title: 'Compose service disables the OOM killer',
  trivy: null, checkov: [],
  rationale: '`oom_kill_disable: true` stops the kernel from killing the container when memory runs out; without a memory limit the kernel kills host processes instead (the Docker daemon, sshd), and with one the container hangs.',
  remediation: 'Remove `oom_kill_disable`; set `mem_limit` so the container, not the host, pays for a leak.',
  references: [`${SPEC}#oom_kill_disable`, 'https://docs.docker.com/engine/containers/resource_constraints/#understand-the-risks-of-running-out-of-memory'],
  fails: (svc) => (svc.oomKillDisable.known && svc.oomKillDisable.value ? { loc: svc.oomKillDisable.loc, message: 'disables the OOM killer' } : undefined),
  fail: ['    oom_kill_disable: true\n'], pass: ['    mem_limit: 512m\n'], unknown: ['    oom_kill_disable: ${OOM}\n'],
});
