/**
 * Values of the typed IaC state. Every value carries where it was written (file:line) and whether it could be
 * evaluated: a value behind an unset variable, a resource attribute known only after apply, or a function we do
 * not model is `unknown`, and checks never count an unknown as insecure (the false positives Trivy and Checkov
 * users complain about come from guessing here).
 */

/** Where a value (or a resource) was written. Lines are 1-based. */
export interface Loc {
  file: string;
  line: number;
  /** Last line of a block (resources), when known. */
  endLine?: number;
}

interface KnownVal<T> {
  known: true;
  value: T;
  loc: Loc;
  /** False when the value is the platform default because the attribute was not written (loc = the resource). */
  explicit: boolean;
  /** Collections only: some elements could not be evaluated and were left out of `value`. */
  partial?: boolean;
}

interface UnknownVal {
  known: false;
  loc: Loc;
  /** Why it could not be evaluated (`var.x has no default`, `aws_kms_key.k.arn is known after apply`). */
  reason: string;
  explicit: true;
}

export type Val<T> = KnownVal<T> | UnknownVal;

export function known<T>(value: T, loc: Loc, explicit = true): KnownVal<T> {
  return { known: true, value, loc, explicit };
}

export function unknown(loc: Loc, reason: string): UnknownVal {
  return { known: false, loc, reason, explicit: true };
}

/** Known and exactly `true`. */
export function isTrue(v: Val<boolean | undefined> | undefined): boolean {
  return v?.known === true && v.value === true;
}

/** Known and exactly `false` (written or by default). */
export function isFalse(v: Val<boolean | undefined> | undefined): boolean {
  return v?.known === true && v.value === false;
}

/** Known value, else undefined (an unknown is never treated as a value). */
export function valueOf<T>(v: Val<T> | undefined): T | undefined {
  return v?.known ? v.value : undefined;
}

/** Known and one of `values` (case-sensitive). */
export function isOneOf<T>(v: Val<T> | undefined, ...values: T[]): boolean {
  return v?.known === true && values.includes(v.value);
}

/** Known, not undefined/null/'' (an unknown value is "set" too: something was written there). */
export function isSet(v: Val<unknown> | undefined): boolean {
  if (!v) return false;
  if (!v.known) return true;
  return v.value !== undefined && v.value !== null && v.value !== '';
}

/** Known to be absent or empty: not written and no default, or written as null/''. */
export function isUnset(v: Val<unknown> | undefined): boolean {
  if (!v) return true;
  if (!v.known) return false;
  return v.value === undefined || v.value === null || v.value === '' || (Array.isArray(v.value) && v.value.length === 0 && !v.partial);
}
