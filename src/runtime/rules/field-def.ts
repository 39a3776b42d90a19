/** The shape of a rule field and the helpers that bind a getter to its event source. */
import type { RuntimeEvent, SyscallEvent, AuditEvent } from '../event.js';

export type FieldValue = string | number | boolean | readonly string[] | undefined;
type FieldType = 'string' | 'number' | 'bool' | 'ipaddr' | 'ipnet' | 'list';
export type RuleSource = 'syscall' | 'k8s_audit';

export interface FieldDef {
  name: string;
  source: RuleSource;
  type: FieldType;
  /** `required`: proc.aname[N]-style argument must be given; `optional`: may be given. */
  arg?: 'required' | 'optional';
  /** proc.aname without an index: `=`/`in` match when any ancestor matches. */
  anyOf?: boolean;
  get(ev: RuntimeEvent, arg: string | undefined): FieldValue;
}

/** Per-source helpers so field getters stay one-liners. */
type SysGet = (e: SyscallEvent, arg: string | undefined) => FieldValue;
type AuditGet = (e: AuditEvent, arg: string | undefined) => FieldValue;

export function sys(name: string, type: FieldType, get: SysGet, extra: Partial<FieldDef> = {}): FieldDef {
  return { name, source: 'syscall', type, get: (e, a) => (e.source === 'syscall' ? get(e, a) : undefined), ...extra };
}
export function audit(name: string, type: FieldType, get: AuditGet, extra: Partial<FieldDef> = {}): FieldDef {
  return { name, source: 'k8s_audit', type, get: (e, a) => (e.source === 'k8s_audit' ? get(e, a) : undefined), ...extra };
}

