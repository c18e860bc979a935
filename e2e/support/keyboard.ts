import { expect, type Page } from '@playwright/test';

/** Attribute the walk stamps on each control, so what Tab reaches can be matched to what the page offers. */
const MARK = 'data-kbd-index';

export interface KeyboardWalk {
  /** Describes every visible, enabled control of the page (`tag#id.class "name"`). */
  controls: string[];
  /** The controls Tab never reached. */
  unreached: string[];
  /** Controls that were reached but showed no focus indicator (outline or box shadow) or stayed off screen. */
  invisibleOnFocus: string[];
}

/**
 * Tabs through the whole page, as a keyboard user does, and records which of the page's
 * interactive controls (links, buttons, form fields, summaries, anything with tabindex ≥ 0)
 * took focus and whether each was visible then: scrolled into the viewport and drawn with a
 * focus indicator. `scope` limits the controls that must be reached (e.g. an open dialog).
 */
export async function walkWithTab(page: Page, scope = 'body'): Promise<KeyboardWalk> {
  const controls = await page.evaluate(
    ({ scope, mark }) => {
      const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"]), iframe';
      const root = document.querySelector(scope) ?? document.body;
      const described: string[] = [];
      let index = 0;
      for (const el of root.querySelectorAll<HTMLElement>(selector)) {
        el.removeAttribute(mark);
        if ((el as HTMLButtonElement).disabled || el.closest('[inert]')) continue;
        if (el.tagName === 'INPUT' && (el as HTMLInputElement).type === 'radio' && !(el as HTMLInputElement).checked) {
          // Arrow keys move within a radio group; Tab reaches only its checked member.
          const name = (el as HTMLInputElement).name;
          if (name && root.querySelector(`input[type="radio"][name="${CSS.escape(name)}"]:checked`)) continue;
        }
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        const hidden = style.visibility === 'hidden' || style.display === 'none' || (box.width === 0 && box.height === 0);
        // A closed <details> hides everything but its summary.
        const closedDetails = el.closest('details:not([open])');
        if (hidden || (closedDetails && el.tagName !== 'SUMMARY')) continue;
        el.setAttribute(mark, String(index++));
        const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
        described.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.dataset['testid'] ? `[${el.dataset['testid']}]` : ''} "${name}"`);
      }
      return described;
    },
    { scope, mark: MARK },
  );

  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  const reached = new Set<number>();
  const invisible = new Map<number, string>();
  const shown = new Set<number>();
  // Every control once, plus the browser's own stops (address bar etc. are outside the page)
  // and the stops inside frames (a frozen version's event links and folds), which are not counted.
  const presses = controls.length + 120;
  let first: number | undefined;
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('Tab');
    const seen = await page.evaluate((mark) => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return undefined;
      const index = Number(el.getAttribute(mark) ?? '-1');
      const box = el.getBoundingClientRect();
      const onScreen = box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
      const drawn = (node: Element | null) => {
        if (!node) return false;
        const s = getComputedStyle(node);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow !== 'none' && s.boxShadow !== '');
      };
      // The indicator may be drawn on the control or, for a visually hidden input, on its label.
      const indicator = drawn(el) || drawn(el.closest('label')) || (el.tagName === 'IFRAME');
      const s = getComputedStyle(el);
      const why = onScreen ? (indicator ? '' : `no focus indicator (outline ${s.outlineStyle} ${s.outlineWidth}, box-shadow ${s.boxShadow})`) : `off screen at ${Math.round(box.top)},${Math.round(box.left)}`;
      return { index, why };
    }, MARK);
    if (!seen || seen.index < 0) continue;
    if (seen.index === first && reached.size > 1) break; // wrapped round
    first ??= seen.index;
    reached.add(seen.index);
    // A date field takes one stop per part (month, day, year): visible at one of them is enough.
    if (seen.why) invisible.set(seen.index, seen.why);
    else shown.add(seen.index);
  }
  return {
    controls,
    unreached: controls.filter((_, i) => !reached.has(i)),
    invisibleOnFocus: controls.flatMap((c, i) => (invisible.has(i) && !shown.has(i) ? [`${c}: ${invisible.get(i)}`] : [])),
  };
}

/** `walkWithTab`, failing if any control cannot be reached or is not visible when focused. */
export async function expectKeyboardReachable(page: Page, label: string, scope = 'body'): Promise<KeyboardWalk> {
  const walk = await walkWithTab(page, scope);
  expect(walk.controls.length, `${label}: the page offers controls`).toBeGreaterThan(0);
  expect(walk.unreached, `${label}: controls Tab never reaches`).toEqual([]);
  expect(walk.invisibleOnFocus, `${label}: controls without a visible focus indicator`).toEqual([]);
  return walk;
}
