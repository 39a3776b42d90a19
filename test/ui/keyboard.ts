/** Keyboard-only navigation for the UI tests: Tab until the wanted control has focus, as a keyboard user would. */
import type { Page } from 'playwright-core';

export interface Focused { tag: string; text: string; id: string; name: string; href: string; label: string }

// Evaluated in the page (a string: the test program has no DOM types).
const FOCUSED = `(() => {
  const el = document.activeElement;
  const labelled = el && el.id ? (document.querySelector('label[for="' + el.id + '"]') || {}).textContent || '' : '';
  return { tag: el ? el.tagName.toLowerCase() : '', text: ((el && el.textContent) || '').trim(), id: (el && el.id) || '', name: (el && el.getAttribute('name')) || '',
    href: (el && el.getAttribute('href')) || '', label: (el && el.getAttribute('aria-label')) || labelled };
})()`;

export async function focused(page: Page): Promise<Focused> {
  return page.evaluate(FOCUSED) as Promise<Focused>;
}

/** Presses Tab (at most `max` times) until `want` accepts the focused element; fails naming what was visited. */
export async function tabTo(page: Page, want: (f: Focused) => boolean, what: string, max = 120): Promise<Focused> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (want(f)) return f;
    seen.push(`${f.tag}:${f.text || f.label || f.name || f.id}`.slice(0, 40));
  }
  throw new Error(`no Tab stop for ${what} within ${max} presses; visited: ${seen.join(' | ')}`);
}

/** The few DOM members the in-page predicates use (the test program is compiled without DOM types). */
export interface MiniDocument {
  activeElement: { tagName: string } | null;
  getElementById(id: string): { hasAttribute(name: string): boolean; textContent: string | null } | null;
}

/** Waits for the router to finish a page: the heading has focus and aria-busy is gone. */
export async function settled(page: Page, heading: RegExp): Promise<void> {
  // A function, not a string: the UI's CSP (no 'unsafe-eval') refuses string predicates.
  await page.waitForFunction(() => {
    const doc = (globalThis as unknown as { document: MiniDocument }).document;
    return !doc.getElementById('main')?.hasAttribute('aria-busy') && doc.activeElement?.tagName === 'H1';
  }, undefined, { timeout: 30_000 });
  const h1 = await page.locator('h1').innerText();
  if (!heading.test(h1)) throw new Error(`expected a page titled ${heading}, got "${h1}"`);
}
