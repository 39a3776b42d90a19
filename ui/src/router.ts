/**
 * History-API routing with real links: every navigation target is an <a href>, so links open in new tabs,
 * work with the keyboard and survive reloads (the server answers every non-API path with index.html).
 * After each page renders, focus moves to its heading and the title changes, as a full page load would.
 */
export interface Route { pattern: RegExp; title: string; render: (main: HTMLElement, params: string[], query: URLSearchParams) => Promise<void> }

let routes: Route[] = [];
let renderId = 0;
let flash: string | undefined;

/** A one-line message shown at the top of the next page rendered (e.g. after a suppression). */
export function setFlash(message: string): void { flash = message; }

export function setRoutes(list: Route[]): void { routes = list; }

export function navigate(url: string, replace = false): void {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new Event('bulwark:navigated'));
  void render();
}

export async function render(): Promise<void> {
  const id = ++renderId;
  const main = document.getElementById('main')!;
  const status = document.getElementById('status')!;
  const { pathname, search } = window.location;
  const route = routes.find((r) => r.pattern.test(pathname)) ?? routes[routes.length - 1]!;
  const params = (route.pattern.exec(pathname) ?? []).slice(1).map((p) => decodeURIComponent(p));
  const page = document.createElement('div');
  status.textContent = 'Loading…';
  main.setAttribute('aria-busy', 'true');
  try {
    await route.render(page, params, new URLSearchParams(search));
  } catch (err) {
    page.replaceChildren();
    const h1 = document.createElement('h1');
    h1.textContent = 'Something went wrong';
    const p = document.createElement('p');
    p.className = 'error';
    p.setAttribute('role', 'alert');
    p.textContent = (err as Error).message;
    page.append(h1, p);
  }
  if (id !== renderId) return; // a newer navigation won
  if (flash) { page.insertBefore(Object.assign(document.createElement('p'), { className: 'flash', textContent: flash }), page.querySelector('h1')?.nextSibling ?? null); }
  const said = flash;
  flash = undefined;
  main.replaceChildren(page);
  main.removeAttribute('aria-busy');
  const h1 = main.querySelector('h1');
  document.title = `${h1?.textContent ?? route.title} · Bulwark`;
  status.textContent = said ?? `${h1?.textContent ?? route.title} loaded`;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav.site a')) {
    const current = a.pathname === '/' ? pathname === '/' : pathname.startsWith(a.pathname);
    if (current) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  // A fragment (#section) wins over the heading: the page scrolls to it, as a full load would.
  const target = window.location.hash ? document.getElementById(decodeURIComponent(window.location.hash.slice(1))) : null;
  if (target) { if (!target.hasAttribute('tabindex')) target.tabIndex = -1; target.focus(); target.scrollIntoView(); } else if (h1) { h1.tabIndex = -1; h1.focus({ preventScroll: false }); }
}

/** Same-origin link clicks without modifier keys become client-side navigations. */
export function interceptLinks(): void {
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element).closest('a');
    if (!a || a.target || a.hasAttribute('download') || a.origin !== window.location.origin || a.pathname.startsWith('/api/')) return;
    // In-page links (#section on the same page) are left to the browser.
    if (a.hash && a.pathname === window.location.pathname && a.search === window.location.search) return;
    e.preventDefault();
    navigate(a.pathname + a.search + a.hash);
  });
  // Chromium fires popstate for in-page (#fragment) moves too: only a new path or query re-renders.
  let shown = window.location.pathname + window.location.search;
  window.addEventListener('popstate', () => {
    const now = window.location.pathname + window.location.search;
    if (now === shown) return;
    shown = now;
    void render();
  });
  window.addEventListener('bulwark:navigated', () => { shown = window.location.pathname + window.location.search; });
}
