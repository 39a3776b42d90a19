/**
 * Docker Compose file → compose services (compose-spec.io/spec). Variables (`${DB_PASSWORD}`, `$HOME`) are filled by
 * `docker compose` from the environment and `.env` at run time: such values are unknown here, `$$` is a literal `$`.
 */
import type { ComposePort, ComposeService, ComposeVolume } from '../model/compose.js';
import type { EnvVar, ResourceMeta } from '../model/meta.js';
import { objects, bool, num, str, strList, at } from '../model/read.js';
import { unknownNode, type Node, type ObjectNode } from '../model/node.js';
import { known, unknown, type Loc, type Val } from '../model/value.js';

/** `${VAR}` / `$VAR` → unknown; `$$` → `$`. */
function interpolate(node: Node): Node {
  if (node.kind === 'scalar') {
    if (typeof node.value !== 'string' || !node.value.includes('$')) return node;
    // `$$` is an escaped dollar: drop the pairs before looking for a variable.
    if (/\$(\{|[A-Za-z_])/.test(node.value.replaceAll('$$', ''))) return unknownNode(node.loc, `${node.value} is interpolated from the environment`);
    return { ...node, value: node.value.replaceAll('$$', '$') };
  }
  if (node.kind === 'list') return { ...node, items: node.items.map(interpolate) };
  if (node.kind === 'object') return { ...node, fields: new Map([...node.fields].map(([k, v]) => [k, interpolate(v)])) };
  return node;
}

function environment(svc: ObjectNode): EnvVar[] {
  const env = at(svc, 'environment');
  if (!env) return [];
  if (env.kind === 'object') {
    return [...env.fields].map(([name, v]) => ({ name, loc: v.loc, value: toStrVal(v) }));
  }
  if (env.kind !== 'list') return [];
  const out: EnvVar[] = [];
  for (const item of env.items) {
    if (item.kind === 'unknown') continue;
    if (item.kind !== 'scalar' || typeof item.value !== 'string') continue;
    const eq = item.value.indexOf('=');
    // `- NAME` without a value passes the variable through from the host: nothing is written here.
    if (eq < 0) continue;
    out.push({ name: item.value.slice(0, eq), loc: item.loc, value: known(item.value.slice(eq + 1), item.loc) });
  }
  return out;
}

function toStrVal(v: Node): Val<string | undefined> {
  if (v.kind === 'unknown') return unknown(v.loc, v.reason);
  if (v.kind === 'scalar') return known(v.value === null ? undefined : String(v.value), v.loc);
  return unknown(v.loc, 'not a string');
}

/** Short syntax `[HOST:]CONTAINER[:MODE]` or long syntax `{ type, source, target, read_only }`. */
function volumes(svc: ObjectNode): ComposeVolume[] {
  const node = at(svc, 'volumes');
  if (node?.kind !== 'list') return [];
  return node.items.map((item): ComposeVolume => {
    if (item.kind === 'object') {
      const type = str(item, 'type', 'volume');
      return { loc: item.loc, source: str(item, 'source'), target: str(item, 'target'), type: type.known ? (type.value as ComposeVolume['type']) : 'unknown', readOnly: bool(item, 'read_only', false), propagation: str(item, 'bind.propagation') };
    }
    if (item.kind !== 'scalar' || typeof item.value !== 'string') {
      const u = unknown(item.loc, 'volume is interpolated');
      return { loc: item.loc, source: u, target: u, type: 'unknown', readOnly: u, propagation: u };
    }
    const parts = item.value.split(':');
    if (parts.length === 1) return { loc: item.loc, source: known(undefined, item.loc), target: known(parts[0], item.loc), type: 'volume', readOnly: known(false, item.loc, false), propagation: known(undefined, item.loc, false) };
    const source = parts[0];
    const isBind = source.startsWith('/') || source.startsWith('.') || source.startsWith('~');
    const mode = (parts[2] ?? '').split(',');
    const propagation = mode.find((m) => /^r?(shared|slave|private)$/.test(m));
    return {
      loc: item.loc, source: known(source, item.loc), target: known(parts[1], item.loc), type: isBind ? 'bind' : 'volume', readOnly: known(mode.includes('ro'), item.loc),
      propagation: known(propagation, item.loc, propagation !== undefined),
    };
  });
}

/** `"127.0.0.1:8080:80"`, `"8080:80"`, `80`, or `{ target, published, host_ip }`. */
function ports(svc: ObjectNode): ComposePort[] {
  const node = at(svc, 'ports');
  if (node?.kind !== 'list') return [];
  const out: ComposePort[] = [];
  for (const item of node.items) {
    if (item.kind === 'object') {
      out.push({ loc: item.loc, hostIp: str(item, 'host_ip'), published: str(item, 'published') });
      continue;
    }
    if (item.kind === 'unknown') continue;
    if (item.kind !== 'scalar' || item.value === null) continue;
    const text = String(item.value).replace(/\/(tcp|udp)$/, '');
    const parts = text.startsWith('[') ? [text.slice(1, text.indexOf(']')), ...text.slice(text.indexOf(']') + 2).split(':')] : text.split(':');
    if (parts.length === 1) continue; // container port only: published on a random host port, still all interfaces
    const hostIp = parts.length >= 3 ? parts[0] : undefined;
    out.push({ loc: item.loc, hostIp: known(hostIp, item.loc), published: known(parts[parts.length - 2], item.loc) });
  }
  return out;
}

function sysctls(svc: ObjectNode): ComposeService['sysctls'] {
  const node = at(svc, 'sysctls');
  if (node?.kind === 'object') return [...node.fields].map(([name, v]) => ({ name, loc: v.loc }));
  if (node?.kind === 'list') return node.items.flatMap((i) => (i.kind === 'scalar' && typeof i.value === 'string' ? [{ name: i.value.split('=')[0], loc: i.loc }] : []));
  return [];
}

/** `disable: true`, or a test of `NONE` / `["NONE"]`. */
function healthcheckDisabled(svc: ObjectNode): Val<boolean> {
  const disable = bool(svc, 'healthcheck.disable', false);
  if (!disable.known || disable.value) return disable;
  const t = strList(svc, 'healthcheck.test');
  return t.known && t.value[0] === 'NONE' ? known(true, t.loc) : disable;
}

export function composeServices(root: Node, file: string): ComposeService[] {
  const out: ComposeService[] = [];
  const services = at(root, 'services');
  if (services?.kind !== 'object') return out;
  for (const [name, raw] of services.fields) {
    if (raw.kind !== 'object') continue;
    const svc = interpolate(raw) as ObjectNode;
    const loc: Loc = { file, line: raw.loc.line, ...(raw.loc.endLine ? { endLine: raw.loc.endLine } : {}) };
    const meta: ResourceMeta = { address: `services.${name}`, type: 'compose:service', source: 'compose', loc };
    out.push({
      meta, name, image: str(svc, 'image'), hasBuild: objects(svc, 'build').length > 0 || at(svc, 'build') !== undefined,
      privileged: bool(svc, 'privileged', false), user: str(svc, 'user'), readOnly: bool(svc, 'read_only', false),
      networkMode: str(svc, 'network_mode'), pid: str(svc, 'pid'), ipc: str(svc, 'ipc'), usernsMode: str(svc, 'userns_mode'), uts: str(svc, 'uts'), cgroup: str(svc, 'cgroup'),
      capAdd: strList(svc, 'cap_add'), capDrop: strList(svc, 'cap_drop'), securityOpt: strList(svc, 'security_opt'), devices: strList(svc, 'devices'),
      environment: environment(svc), volumes: volumes(svc), ports: ports(svc), sysctls: sysctls(svc), restart: str(svc, 'restart'),
      memLimit: at(svc, 'mem_limit') ? str(svc, 'mem_limit') : str(svc, 'deploy.resources.limits.memory'),
      pidsLimit: at(svc, 'pids_limit') ? num(svc, 'pids_limit') : num(svc, 'deploy.resources.limits.pids'), cgroupParent: str(svc, 'cgroup_parent'),
      healthcheckDisabled: healthcheckDisabled(svc), oomKillDisable: bool(svc, 'oom_kill_disable', false),
    });
  }
  return out;
}
