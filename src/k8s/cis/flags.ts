/** Command-line flags of control-plane static pods (`--flag=value`, `--flag value`, repeated flags: last wins). */
import { asArray, asString } from '../model/object.js';
import { containersOf, podTemplateOf } from '../model/pod-spec.js';
import type { K8sObject } from '../model/object.js';

export interface ComponentFlags {
  object: K8sObject;
  /** Field path of the container's command (for line numbers). */
  path: string;
  flags: Map<string, string>;
}

export function parseFlags(argv: string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) flags.set(a.slice(2), argv[++i]);
    else flags.set(a.slice(2), 'true');
  }
  return flags;
}

/**
 * Finds a static-pod container whose command or args run `binary` (kube-apiserver, kubelet…). Every CIS control-plane
 * check asks this of every Pod (the admission webhook evaluates them all on each review): the scan reads the command
 * and args in place and builds the flag map only for the container that matches.
 */
export function componentFlags(obj: K8sObject, binary: string): ComponentFlags | undefined {
  if (obj.kind !== 'Pod') return undefined;
  const tpl = podTemplateOf(obj);
  if (!tpl) return undefined;
  for (const c of containersOf(tpl)) {
    if (!runs(c.container.command, binary) && !runs(c.container.args, binary)) continue;
    const argv = [...asArray(c.container.command), ...asArray(c.container.args)].map((x) => asString(x) ?? String(x));
    return { object: obj, path: `${c.path}.command`, flags: parseFlags(argv) };
  }
  return undefined;
}

function runs(list: unknown, binary: string): boolean {
  if (!Array.isArray(list)) return false;
  for (const x of list) {
    const a = asString(x) ?? String(x);
    if (a === binary || a.endsWith(`/${binary}`)) return true;
  }
  return false;
}
