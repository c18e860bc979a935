import { formatRelative } from '#shared/render';

/** Fills every `.la-ago[data-at]` under `root` with its time relative to now ("3 min ago"). */
export function fillRelativeTimes(root: ParentNode, nowMs = Date.now()): void {
  for (const slot of root.querySelectorAll<HTMLElement>('.la-ago[data-at]')) {
    const at = Date.parse(slot.dataset['at'] ?? '');
    const text = Number.isFinite(at) ? formatRelative(at, nowMs) : '';
    if (slot.textContent !== text) slot.textContent = text;
  }
}
