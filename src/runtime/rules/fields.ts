/**
 * The fields a condition or output may name, with the source that fills them. Only fields our event
 * sources actually fill are listed: a rule naming any other field does not compile and says which field
 * it lacks (a field that is never filled would make a rule that can never fire look supported).
 */
import type { FieldDef } from './field-def.js';
import { syscallFields } from './syscall-fields.js';
import { auditFields } from './audit-fields.js';

const BY_NAME = new Map<string, FieldDef>([...syscallFields, ...auditFields].map((f) => [f.name, f]));

/** Looks a field up by name: `evt.arg.flags` is `evt.arg` with argument `flags`. */
export function lookupField(name: string, arg: string | undefined): { def: FieldDef; arg: string | undefined } | undefined {
  const def = BY_NAME.get(name);
  if (def) return { def, arg };
  if (name.startsWith('evt.arg.') && arg === undefined) return { def: BY_NAME.get('evt.arg')!, arg: name.slice('evt.arg.'.length) };
  return undefined;
}

