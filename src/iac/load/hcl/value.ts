/** Evaluated HCL values: JSON-like data where anything not knowable is an `Unknown` (with why, and the reference). */

export class Unknown {
  /**
   * `encoded`: the structure behind `jsonencode(x)` when x is partly unknown: the string cannot be known, but the
   * adapters that decode it (ECS container definitions, IAM documents) can still read its known parts.
   */
  constructor(readonly reason: string, readonly ref?: string, readonly encoded?: HclValue) {}
}

export type HclValue = string | number | boolean | null | Unknown | HclValue[] | { [k: string]: HclValue };

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

export function isObj(v: unknown): v is Record<string, HclValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown);
}

/** True when the value or anything inside it is unknown. */
export function hasUnknown(v: HclValue): boolean {
  if (v instanceof Unknown) return true;
  if (Array.isArray(v)) return v.some(hasUnknown);
  if (isObj(v)) return Object.values(v).some(hasUnknown);
  return false;
}

/** Plain JSON (jsondecode, tfvars.json, hcl2json literal parts) → a value. */
export function fromPlain(v: unknown): HclValue {
  if (Array.isArray(v)) return v.map(fromPlain);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromPlain(x)]));
  if (v === undefined) return null;
  return v as HclValue;
}
