/** Bulwark web UI: boots the session, the navigation and the router. */
import { api, setCsrf, setUnauthorizedHandler } from './api.js';
import { interceptLinks, navigate, render, setRoutes } from './router.js';
import { loginPage } from './pages/login.js';
import { dashboardPage } from './pages/dashboard.js';
import { imagesPage } from './pages/images.js';
import { imagePage } from './pages/image.js';
import { findingsPage } from './pages/findings.js';
import { clustersPage, clusterPage } from './pages/clusters.js';
import { decisionsPage, alertsPage } from './pages/events.js';
import { notFoundPage } from './pages/not-found.js';

setRoutes([
  { pattern: /^\/login$/, title: 'Log in', render: loginPage },
  { pattern: /^\/$/, title: 'Dashboard', render: dashboardPage },
  { pattern: /^\/images$/, title: 'Images', render: imagesPage },
  { pattern: /^\/images\/([^/]+)$/, title: 'Image', render: imagePage },
  { pattern: /^\/findings$/, title: 'Findings', render: findingsPage },
  { pattern: /^\/clusters$/, title: 'Clusters', render: clustersPage },
  { pattern: /^\/clusters\/([^/]+)$/, title: 'Cluster', render: clusterPage },
  { pattern: /^\/decisions$/, title: 'Admission decisions', render: decisionsPage },
  { pattern: /^\/alerts$/, title: 'Runtime alerts', render: alertsPage },
  { pattern: /.*/, title: 'Not found', render: notFoundPage },
]);

function toLogin(): void {
  document.body.classList.remove('signed-in');
  if (window.location.pathname !== '/login') {
    const here = window.location.pathname + window.location.search;
    navigate(`/login${here === '/' ? '' : `?next=${encodeURIComponent(here)}`}`, true);
  }
}

async function boot(): Promise<void> {
  setUnauthorizedHandler(toLogin);
  interceptLinks();
  document.getElementById('logout')?.addEventListener('click', async () => {
    await api('/api/session', { method: 'DELETE' }).catch(() => undefined);
    setCsrf(undefined);
    toLogin();
  });
  try {
    const s = await api<{ scope: string; csrfToken: string }>('/api/session');
    setCsrf(s.csrfToken);
    document.body.classList.add('signed-in');
    document.getElementById('scope')!.textContent = `${s.scope} access`;
    if (window.location.pathname === '/login') navigate('/', true);
    else await render();
  } catch {
    toLogin();
    await render();
  }
}

void boot();
