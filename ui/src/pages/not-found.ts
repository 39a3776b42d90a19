import { h } from '../dom.js';

export async function notFoundPage(main: HTMLElement): Promise<void> {
  main.append(h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '/' }, 'Back to the dashboard')));
}
