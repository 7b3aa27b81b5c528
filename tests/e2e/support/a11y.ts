import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';

export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** axe-core's WCAG 2.2 AA violations on the page as it is, one line each. */
export async function axeProblems(page: Page, name: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  return result.violations.map(
    (v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/**
 * Every visible control smaller than 48×48 CSS px (a tick box or radio counts with the label
 * that wraps it), as in the kiosk-wide accessibility spec.
 */
export async function smallTargets(page: Page, name: string): Promise<string[]> {
  const small = await page.evaluate(() => {
    const controls = document.querySelectorAll<HTMLElement>(
      'button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="button"], [tabindex]:not([tabindex="-1"])',
    );
    const out: string[] = [];
    for (const el of controls) {
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      let box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')) {
        const label = el.closest('label');
        if (label) box = label.getBoundingClientRect();
      }
      if (box.width < 48 || box.height < 48) {
        const label = (el.getAttribute('data-testid') ?? el.textContent ?? el.tagName).trim().slice(0, 40);
        out.push(`${el.tagName.toLowerCase()} "${label}" ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return out;
  });
  return small.map((s) => `${name}: small target ${s}`);
}

/** Anything wider than the screen (sideways scrolling) or a control whose text is cut off. */
export async function overflowProblems(page: Page, name: string): Promise<string[]> {
  return page.evaluate((screen) => {
    const out: string[] = [];
    const wide = document.documentElement.scrollWidth - window.innerWidth;
    if (wide > 0) out.push(`${screen}: ${wide}px wider than the screen`);
    for (const el of document.querySelectorAll<HTMLElement>('button, h1, h2, h3, label, .law-window-text')) {
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') {
        out.push(`${screen}: clipped ${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}"`);
      }
    }
    return out;
  }, name);
}
