/** Log in with an API token: it is exchanged once for an HttpOnly session cookie and never stored by the page. */
import { api, setCsrf } from '../api.js';
import { h } from '../dom.js';
import { navigate } from '../router.js';

export async function loginPage(main: HTMLElement, _p: string[], query: URLSearchParams): Promise<void> {
  const error = h('p', { class: 'error', role: 'alert', id: 'login-error' });
  const input = h('input', { type: 'password', id: 'token', name: 'token', required: true, autocomplete: 'current-password', 'aria-describedby': 'token-help login-error', spellcheck: 'false' });
  const form = h('form', { class: 'login', method: 'post', action: '/api/session' },
    h('div', { class: 'field' }, h('label', { for: 'token' }, 'API token'), input,
      h('p', { id: 'token-help', class: 'help' }, 'Create one with ', h('code', {}, 'bulwark server token create --scope read'), '. The page keeps only a session cookie, never the token.')),
    h('button', { type: 'submit' }, 'Log in'), error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      const s = await api<{ scope: string; csrfToken: string }>('/api/session', { method: 'POST', body: { token: input.value.trim() } });
      setCsrf(s.csrfToken);
      input.value = '';
      document.body.classList.add('signed-in');
      document.getElementById('scope')!.textContent = `${s.scope} access`;
      const next = query.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/');
    } catch (err) {
      error.textContent = (err as { status?: number }).status === 401 ? 'That token is not valid (or was revoked).' : (err as Error).message;
      input.focus();
    }
  });
  main.append(h('h1', {}, 'Log in to Bulwark'), form);
}
