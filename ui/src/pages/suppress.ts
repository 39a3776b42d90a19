/** The suppression form in a modal <dialog> (focus trapped by the browser, Escape closes, focus returns). */
import { api, type FindingItem } from '../api.js';
import { h } from '../dom.js';
import { render, setFlash } from '../router.js';

const JUSTIFICATIONS: Array<[string, string]> = [
  ['vulnerable_code_not_in_execute_path', 'Vulnerable code not in execute path'],
  ['vulnerable_code_not_present', 'Vulnerable code not present'],
  ['component_not_present', 'Component not present'],
  ['vulnerable_code_cannot_be_controlled_by_adversary', 'Vulnerable code cannot be controlled by an adversary'],
  ['inline_mitigations_already_exist', 'Inline mitigations already exist'],
];

export function suppressDialog(f: FindingItem, opener: HTMLElement): void {
  const error = h('p', { class: 'error', role: 'alert' });
  const scope = h('select', { id: 'sup-scope', name: 'scope' },
    h('option', { value: 'image' }, `Only in ${f.reference}`),
    h('option', { value: 'purl' }, `In package ${f.package.name} everywhere`),
    h('option', { value: 'all' }, 'Everywhere'));
  const just = h('select', { id: 'sup-just', name: 'justification', required: true }, JUSTIFICATIONS.map(([v, t]) => h('option', { value: v }, t)));
  const statement = h('textarea', { id: 'sup-statement', name: 'statement', rows: 3, maxlength: 4000 });
  const dialog = h('dialog', { 'aria-labelledby': 'sup-h', class: 'suppress' });
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  const form = h('form', { method: 'dialog' },
    h('h2', { id: 'sup-h' }, `Suppress ${f.vulnerability}`),
    h('p', {}, `${f.package.name} ${f.package.version} in ${f.reference}`),
    h('div', { class: 'field' }, h('label', { for: 'sup-scope' }, 'Scope'), scope),
    h('div', { class: 'field' }, h('label', { for: 'sup-just' }, 'Justification (OpenVEX)'), just),
    h('div', { class: 'field' }, h('label', { for: 'sup-statement' }, 'Impact statement (optional)'), statement),
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Suppress'), cancel));
  dialog.append(form);
  const close = () => { dialog.close(); dialog.remove(); opener.focus(); };
  cancel.addEventListener('click', close);
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(); });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body: Record<string, string> = { vulnerability: f.vulnerability, justification: just.value };
    if (statement.value.trim()) body.statement = statement.value.trim();
    if (scope.value === 'image') body.imageId = f.imageId;
    if (scope.value === 'purl') body.purl = f.package.purl.split('@')[0]!;
    try {
      const r = await api<{ findings: number }>('/api/suppressions', { method: 'POST', body });
      dialog.close(); dialog.remove();
      setFlash(`Suppressed ${r.findings} finding(s) of ${f.vulnerability}. The OpenVEX document below now includes it.`);
      await render();
    } catch (err) { error.textContent = (err as Error).message; }
  });
  document.body.append(dialog);
  dialog.showModal();
  scope.focus();
}
