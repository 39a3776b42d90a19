/** Falco output templates: `%proc.name`, `%proc.aname[2]`, `%jevt.value[/a/b]`; unknown fields print `<NA>`. */
import type { RuntimeEvent } from '../event.js';
import type { RuleSource } from './field-def.js';
import { lookupField } from './fields.js';
import { fieldText } from './audit-fields.js';

interface Part { lit: string; field?: { name: string; get?: (ev: RuntimeEvent) => string | null } }

export interface OutputTemplate {
  /** Fields the template names but no source fills (always `<NA>`), for `bulwark runtime rules`. */
  unsupported: string[];
  render(ev: RuntimeEvent): { text: string; fields: Record<string, string | null> };
}

const FIELD = /%(\(?)([a-zA-Z_][a-zA-Z0-9_.]*(?:\[[^\]]*\])?)\)?/g;

export function compileOutput(template: string, source: RuleSource): OutputTemplate {
  const parts: Part[] = [];
  const unsupported: string[] = [];
  let last = 0;
  for (const m of template.matchAll(FIELD)) {
    let name = m[2]!;
    let end = m.index + m[0].length;
    if (!m[1] && m[0].endsWith(')')) end--;
    while (name.endsWith('.')) { name = name.slice(0, -1); end--; }
    const fm = /^([^[]+)(?:\[(.*)\])?$/.exec(name)!;
    const found = lookupField(fm[1]!, fm[2]);
    parts.push({ lit: template.slice(last, m.index) });
    if (found && found.def.source === source) {
      const { def, arg } = found;
      parts.push({ lit: '', field: { name, get: (ev) => fieldText(def.get(ev, arg)) } });
    } else {
      unsupported.push(name);
      parts.push({ lit: '', field: { name } });
    }
    last = end;
  }
  parts.push({ lit: template.slice(last) });
  return {
    unsupported,
    render(ev) {
      let text = '';
      const fields: Record<string, string | null> = {};
      for (const p of parts) {
        if (!p.field) { text += p.lit; continue; }
        const v = p.field.get ? p.field.get(ev) : null;
        fields[p.field.name] = v;
        text += v ?? '<NA>';
      }
      return { text: text.trim(), fields };
    },
  };
}
