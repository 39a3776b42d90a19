/** What the engine evaluates against: the object set, indexes, options and what could not be read. */
import { memoized, namespaceOf, type K8sObject } from '../model/object.js';
import type { PssLevel } from '../pss/types.js';

export interface EngineOptions {
  /** Explicit PSS level (`--pss`); when unset, namespace labels decide, else restricted. */
  pssLevel?: PssLevel;
  /** Explicit policy version minor (`--pss-version`). */
  pssMinor?: number;
  /** Image registries considered trusted; unset disables the registry check. */
  allowedRegistries?: string[];
  /** Check ids (or groups) to skip. */
  skip?: string[];
}

/** Admission-time inputs (empty for static scans). */
export interface AdmissionInputs {
  operation?: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  oldObject?: Record<string, unknown> | null;
  request?: Record<string, unknown>;
  userInfo?: { username?: string; groups?: string[] };
}

export interface EvalContext {
  objects: K8sObject[];
  byKind: Map<string, K8sObject[]>;
  namespaces: Map<string, K8sObject>;
  /** Kinds that could not be listed (RBAC 403 in a cluster scan) → reason. */
  unreadable: Map<string, string>;
  options: EngineOptions;
  admission?: AdmissionInputs;
  /** Set when inputs come from a live cluster (default-deny and coverage checks then know the full set). */
  live: boolean;
}

export function buildContext(objects: K8sObject[], options: EngineOptions = {}, extra: Partial<EvalContext> = {}): EvalContext {
  const byKind = new Map<string, K8sObject[]>();
  const namespaces = new Map<string, K8sObject>();
  for (const o of objects) {
    let list = byKind.get(o.kind);
    if (!list) byKind.set(o.kind, (list = []));
    list.push(o);
    if (o.kind === 'Namespace') namespaces.set(o.metadata.name, o);
  }
  return { objects, byKind, namespaces, unreadable: extra.unreadable ?? NOTHING_UNREADABLE, options, admission: extra.admission, live: extra.live ?? false };
}

/** The `unreadable` of a context whose inputs were all read (every admission review): one shared map that refuses writes. */
const NOTHING_UNREADABLE: Map<string, string> = new (class extends Map<string, string> {
  override set(): this {
    throw new Error('EvalContext.unreadable of a fully read input is read-only');
  }
})();

const OWNED = Symbol('ownedByScanned');

/**
 * Objects whose controller (ownerReferences with controller: true) is also in the set — a live cluster's Pods of
 * a ReplicaSet of a Deployment. Pod-template checks report the controller once instead of every copy.
 */
type OwnerRefs = Array<{ kind?: string; name?: string; controller?: boolean }> | undefined;
const controllerRefs = (o: K8sObject): OwnerRefs => {
  const refs = (o.raw.metadata as { ownerReferences?: OwnerRefs } | undefined)?.ownerReferences;
  return Array.isArray(refs) && refs.some((r) => r?.controller === true) ? refs : undefined;
};

export function isOwnedByScanned(ctx: EvalContext, obj: K8sObject): boolean {
  // An object without a controller is never owned: no index of the set is built for it (one admission object).
  if (!controllerRefs(obj)) return false;
  return memoized(ctx, OWNED, ownedObjects).has(obj);
}

/** The objects of the set whose controller is itself in the set. */
function ownedObjects(ctx: EvalContext): Set<K8sObject> {
  const owned = new Set<K8sObject>();
  const keys = new Set(ctx.objects.map((o) => `${o.kind}/${namespaceOf(o) ?? ''}/${o.metadata.name}`));
  for (const o of ctx.objects) {
    const refs = controllerRefs(o);
    if (refs?.some((r) => r?.controller === true && keys.has(`${r.kind}/${namespaceOf(o) ?? ''}/${r.name}`))) owned.add(o);
  }
  return owned;
}

export function ofKind(ctx: EvalContext, ...kinds: string[]): K8sObject[] {
  return kinds.flatMap((k) => ctx.byKind.get(k) ?? []);
}

/** Every namespace the input mentions: Namespace objects plus namespaces of namespaced objects. */
export function knownNamespaces(ctx: EvalContext): string[] {
  const set = new Set(ctx.namespaces.keys());
  for (const o of ctx.objects) {
    const ns = namespaceOf(o);
    if (ns) set.add(ns);
  }
  return [...set].sort();
}
