import type { ChartSection } from '#shared/schema';
import { placedPoints, type PlacedPoint, type RenderOptions } from '#shared/render';

/** Pointer further than this (in CSS pixels) from every point shows no tooltip. */
const MAX_DISTANCE_PX = 48;

/** The point nearest to (x, y), by horizontal distance first (a reader hovers a moment in time). */
export function nearestPoint(points: readonly PlacedPoint[], x: number, y: number): PlacedPoint | undefined {
  let best: PlacedPoint | undefined;
  let bestDx = Infinity;
  let bestDy = Infinity;
  for (const p of points) {
    const dx = Math.abs(p.x - x);
    const dy = Math.abs(p.y - y);
    if (dx < bestDx - 0.5 || (Math.abs(dx - bestDx) <= 0.5 && dy < bestDy)) {
      best = p;
      bestDx = dx;
      bestDy = dy;
    }
  }
  return best;
}

/**
 * Tooltips for a live chart: on hover or tap, the nearest point's series, x and value, with a
 * ring on the point. The geometry is the renderer's own (placedPoints), computed once per
 * section object; the pointer is mapped into the SVG's viewBox by its screen matrix.
 */
export class ChartTooltip {
  #section: ChartSection | undefined;
  #points: PlacedPoint[] = [];
  readonly #options: RenderOptions;

  constructor(options: RenderOptions) {
    this.#options = options;
  }

  /** Handles pointermove / pointerdown on the section element. */
  readonly onPointer = (event: PointerEvent, section: ChartSection): void => {
    const plot = (event.target as Element | null)?.closest?.('.la-chart__plot');
    const svg = plot?.querySelector('svg');
    const tip = plot?.querySelector<HTMLElement>('.la-chart__tip');
    if (!plot || !svg || !tip) return;
    if (section !== this.#section) {
      this.#section = section;
      this.#points = placedPoints(section, this.#options);
    }
    const matrix = svg.getScreenCTM();
    if (!matrix || this.#points.length === 0) return;
    const at = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    const point = nearestPoint(this.#points, at.x, at.y);
    const scale = matrix.a || 1;
    if (!point || Math.abs(point.x - at.x) * scale > MAX_DISTANCE_PX) return this.hide(plot);
    const box = svg.viewBox.baseVal;
    const left = `${((point.x - box.x) / box.width) * 100}%`;
    const top = `${((point.y - box.y) / box.height) * 100}%`;
    tip.hidden = false;
    tip.style.left = left;
    tip.style.top = top;
    tip.replaceChildren(swatch(point.color), text(`${point.series}: `), strong(point.yText), document.createElement('br'), text(point.xText));
    tip.dataset['series'] = point.series;
    let ring = plot.querySelector<HTMLElement>('.la-chart__tip-point');
    if (!ring) {
      ring = document.createElement('span');
      ring.className = 'la-chart__tip-point';
      plot.append(ring);
    }
    ring.style.left = left;
    ring.style.top = top;
    ring.style.background = point.color;
  };

  hide(plot: Element | null | undefined): void {
    const tip = plot?.querySelector<HTMLElement>('.la-chart__tip');
    if (tip) tip.hidden = true;
    plot?.querySelector('.la-chart__tip-point')?.remove();
  }
}

function text(value: string): Text {
  return document.createTextNode(value);
}

function strong(value: string): HTMLElement {
  const b = document.createElement('strong');
  b.textContent = value;
  return b;
}

function swatch(color: string): HTMLElement {
  const s = document.createElement('span');
  s.className = 'la-chart__tip-swatch';
  s.style.background = color;
  return s;
}
