/** Command-line flags of control-plane static pods (`--flag=value`, `--flag value`, repeated flags: last wins). */
import { asArray, asString, memoize } from '../model/object.js';
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

const FOUND = Symbol('componentFlags');

/**
 * Finds a static-pod container whose command or args run `binary` (kube-apiserver, kubelet…). Memoised per object
 * and binary, as podTemplateOf is: every CIS control-plane check asks the same question of every Pod (the admission
 * webhook evaluates them all on each review).
 */
export function componentFlags(obj: K8sObject, binary: string): ComponentFlags | undefined {
  if (obj.kind !== 'Pod') return undefined;
  const byBinary = (obj as { [FOUND]?: Map<string, ComponentFlags | null> })[FOUND] ?? memoize(obj, FOUND, new Map<string, ComponentFlags | null>());
  let hit = byBinary.get(binary);
  if (hit === undefined) byBinary.set(binary, (hit = findComponent(obj, binary) ?? null));
  return hit ?? undefined;
}

function findComponent(obj: K8sObject, binary: string): ComponentFlags | undefined {
  const tpl = podTemplateOf(obj);
  if (!tpl) return undefined;
  for (const c of containersOf(tpl)) {
    const argv = [...asArray(c.container.command), ...asArray(c.container.args)].map((x) => asString(x) ?? String(x));
    if (argv.some((a) => a === binary || a.endsWith(`/${binary}`))) {
      return { object: obj, path: `${c.path}.command`, flags: parseFlags(argv) };
    }
  }
  return undefined;
}
