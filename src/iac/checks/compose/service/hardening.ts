/**
 * Compose service hardening beyond the host-namespace and mount checks: capabilities, seccomp/AppArmor profiles,
 * no-new-privileges, devices, ports on every interface, unpinned images. Docker's own defaults are the baseline
 * (a default seccomp and AppArmor profile, a reduced capability set), so each check fails only where the file
 * weakens them or leaves a documented hardening step out.
 */
import type { ComposeService } from '../../../model/compose.js';
import { composeCheck, yml } from '../../shared/compose.js';
import { dangerousCaps } from '../../shared/capabilities.js';
import { unpinnedImage } from '../../shared/images.js';

/** `seccomp:unconfined`, `seccomp=unconfined`, `no-new-privileges:true`, `no-new-privileges` → [key, value]. */
function opts(svc: ComposeService): Array<[string, string]> {
  return svc.securityOpt.known ? svc.securityOpt.value.map((o) => {
    const m = /^([^:=]+)[:=]?(.*)$/.exec(o.trim());
    return [m?.[1]?.toLowerCase() ?? o, m?.[2] ?? ''];
  }) : [];
}

export const composeDangerousCaps = composeCheck({
  id: 'BW-IAC-5111', severity: 'high',
  trivy: null, checkov: [],
  title: 'Compose service adds a dangerous Linux capability',
  rationale: 'SYS_ADMIN, SYS_PTRACE, SYS_MODULE, NET_ADMIN, DAC_READ_SEARCH, BPF and ALL each give a known route from the container to the host kernel or to other processes (mount, ptrace, module loading, reading any file).',
  remediation: 'Remove the capability from `cap_add`; grant only narrow ones (NET_BIND_SERVICE) the process needs.',
  references: ['https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities'],
  fails: (svc) => {
    const caps = svc.capAdd.known ? dangerousCaps(svc.capAdd.value) : [];
    return caps.length ? { loc: svc.capAdd.loc, message: `adds ${caps.join(', ')}` } : undefined;
  },
  fail: ['    cap_add:\n      - SYS_ADMIN\n'],
  pass: ['    cap_add:\n      - NET_BIND_SERVICE\n'],
  unknown: ['    cap_add:\n      - ${EXTRA_CAP}\n'],
});

export const composeCapDropAll = composeCheck({
  id: 'BW-IAC-5112', severity: 'low',
  trivy: null, checkov: [],
  title: 'Compose service does not drop all capabilities',
  rationale: 'Docker keeps 14 capabilities by default (CHOWN, DAC_OVERRIDE, FOWNER, NET_RAW, SETUID, SETGID…); most services need none of them, and each is a step in known container escapes.',
  remediation: 'Add `cap_drop: [ALL]` and add back only what the service needs with `cap_add`.',
  references: ['https://docs.docker.com/reference/compose-file/services/#cap_drop'],
  fails: (svc) => (svc.capDrop.known && !svc.capDrop.partial && !svc.capDrop.value.some((c) => c.toUpperCase() === 'ALL')
    ? { loc: svc.capDrop.loc, message: 'does not drop all capabilities (cap_drop: [ALL])' } : undefined),
  fail: [''],
  pass: ['    cap_drop:\n      - ALL\n'],
  unknown: ['    cap_drop:\n      - ${DROP}\n'],
});

export const composeSeccompUnconfined = composeCheck({
  id: 'BW-IAC-5113', severity: 'high',
  trivy: null, checkov: [],
  title: 'Compose service disables the seccomp profile',
  rationale: 'Docker\'s default seccomp profile blocks about 50 rarely needed system calls (keyctl, unshare, mount, bpf…) that most kernel exploits from containers use; `seccomp:unconfined` removes that filter.',
  remediation: 'Remove `seccomp:unconfined` from `security_opt`, or give a custom profile that allows only the calls the service needs.',
  references: ['https://docs.docker.com/engine/security/seccomp/'],
  fails: (svc) => (opts(svc).some(([k, v]) => k === 'seccomp' && v === 'unconfined') ? { loc: svc.securityOpt.loc, message: 'runs without a seccomp profile (seccomp:unconfined)' } : undefined),
  fail: ['    security_opt:\n      - seccomp:unconfined\n'],
  pass: ['    security_opt:\n      - seccomp:./profiles/app.json\n'],
  unknown: ['    security_opt:\n      - ${SECCOMP}\n'],
});

export const composeApparmorUnconfined = composeCheck({
  id: 'BW-IAC-5114', severity: 'medium',
  trivy: null, checkov: [],
  title: 'Compose service disables the AppArmor profile',
  rationale: 'On AppArmor hosts Docker confines containers with docker-default, which denies writes to /proc and /sys and mounts; `apparmor:unconfined` removes it.',
  remediation: 'Remove `apparmor:unconfined` from `security_opt`, or load and name a custom profile.',
  references: ['https://docs.docker.com/engine/security/apparmor/'],
  fails: (svc) => (opts(svc).some(([k, v]) => k === 'apparmor' && v === 'unconfined') ? { loc: svc.securityOpt.loc, message: 'runs without an AppArmor profile (apparmor:unconfined)' } : undefined),
  fail: ['    security_opt:\n      - apparmor=unconfined\n'],
  pass: ['    security_opt:\n      - no-new-privileges:true\n'],
});

export const composeNoNewPrivileges = composeCheck({
  id: 'BW-IAC-5115', severity: 'low',
  trivy: null, checkov: [],
  title: 'Compose service does not set no-new-privileges',
  rationale: 'Without no-new-privileges a process in the container can gain privileges through setuid/setgid binaries or file capabilities in the image (sudo, su, ping), which turns a foothold as an unprivileged user into root in the container.',
  remediation: 'Add `security_opt: ["no-new-privileges:true"]`.',
  references: ['https://docs.docker.com/reference/cli/docker/container/run/#security-opt'],
  fails: (svc) => {
    if (!svc.securityOpt.known || svc.securityOpt.partial) return undefined;
    const nnp = opts(svc).find(([k]) => k === 'no-new-privileges');
    return !nnp || nnp[1] === 'false' ? { loc: svc.securityOpt.loc, message: 'does not set no-new-privileges' } : undefined;
  },
  fail: ['', '    security_opt:\n      - no-new-privileges:false\n'],
  pass: ['    security_opt:\n      - no-new-privileges:true\n', '    security_opt:\n      - no-new-privileges\n'],
  unknown: ['    security_opt:\n      - ${OPTS}\n'],
});

export const composeDevices = composeCheck({
  id: 'BW-IAC-5116', severity: 'medium',
  trivy: null, checkov: [],
  title: 'Compose service maps host devices',
  rationale: 'A host device node in the container (/dev/mem, /dev/sda, /dev/kvm, GPU and USB devices) is direct access to host hardware and, for block devices, to the host\'s file systems.',
  remediation: 'Remove `devices`; where hardware access is the service\'s job, map the single device read-only (`/dev/ttyUSB0:/dev/ttyUSB0:r`) and document why.',
  references: ['https://docs.docker.com/reference/compose-file/services/#devices'],
  fails: (svc) => (svc.devices.known && svc.devices.value.length ? { loc: svc.devices.loc, message: `maps host devices ${svc.devices.value.join(', ')}` } : undefined),
  fail: ['    devices:\n      - /dev/sda:/dev/sda\n'],
  pass: [''],
});

export const composePortsAllInterfaces = composeCheck({
  id: 'BW-IAC-5117', severity: 'low',
  trivy: null, checkov: [],
  title: 'Compose service publishes a port on every host interface',
  rationale: 'A port published without a host IP listens on 0.0.0.0, and Docker\'s iptables rules bypass host firewalls such as ufw: a database or admin port meant for the local machine is reachable from the network.',
  remediation: 'Bind to the interface that should reach it: `"127.0.0.1:5432:5432"` (or `host_ip: 127.0.0.1`), or put the service on an internal network without `ports`.',
  references: ['https://docs.docker.com/engine/network/packet-filtering-firewalls/#docker-and-ufw'],
  fails: (svc) => {
    const open = svc.ports.find((p) => p.hostIp.known && (p.hostIp.value === undefined || p.hostIp.value === '0.0.0.0' || p.hostIp.value === '::'));
    return open ? { loc: open.loc, message: `publishes ${open.published.known ? open.published.value ?? 'a port' : 'a port'} on all interfaces` } : undefined;
  },
  fail: ['    ports:\n      - "5432:5432"\n', '    ports:\n      - target: 80\n        published: "8080"\n'],
  pass: ['    ports:\n      - "127.0.0.1:5432:5432"\n', '    ports:\n      - target: 80\n        published: "8080"\n        host_ip: 127.0.0.1\n'],
  unknown: ['    ports:\n      - target: 80\n        published: "8080"\n        host_ip: ${BIND_IP}\n'],
});

export const composeImageNotPinned = composeCheck({
  id: 'BW-IAC-5118', severity: 'low',
  trivy: null, checkov: [],
  title: 'Compose service image is not pinned to a version',
  rationale: 'An image without a tag, or with `latest`, changes under the same name: a `compose pull` deploys whatever was pushed last, unreviewed and unscanned, and rollbacks cannot name the previous version.',
  remediation: 'Name a version tag (`postgres:16.4`), or better a digest (`postgres@sha256:…`).',
  references: ['https://docs.docker.com/reference/compose-file/services/#image'],
  fails: (svc) => {
    if (svc.hasBuild || !svc.image.known || !svc.image.value) return undefined;
    const img = svc.image.value;
    return unpinnedImage(img) ? { loc: svc.image.loc, message: `uses ${img}, which is not pinned to a version` } : undefined;
  },
  fail: [], pass: [],
  examples: {
    fail: [{ 'docker-compose.yml': 'services:\n  db:\n    image: postgres\n' }, { 'docker-compose.yml': 'services:\n  web:\n    image: nginx:latest\n' }],
    pass: [yml(''), { 'docker-compose.yml': 'services:\n  web:\n    image: nginx@sha256:4c1e997385b8fb4ad4d1d3c7e5ae8f4e6c8a1b1d0c5b7a3e2f1d0c9b8a7f6e5d\n' }, { 'docker-compose.yml': 'services:\n  app:\n    build: .\n' }],
    unknown: [{ 'docker-compose.yml': 'services:\n  web:\n    image: nginx:${NGINX_TAG}\n' }],
  },
});
