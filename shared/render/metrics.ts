import { html, nothing, type TemplateResult } from 'lit';
import type { MetricItem, MetricsSection } from '../schema/types.ts';

export type Trend = 'up' | 'down' | 'flat';

/** Direction of a delta: a positive number or a string starting with `+` is up. */
export function deltaTrend(delta: MetricItem['delta']): Trend {
  if (typeof delta === 'number') return delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat';
  const text = typeof delta === 'string' ? delta.trim() : '';
  if (text.startsWith('+')) return 'up';
  if (text.startsWith('-') || text.startsWith('−')) return 'down';
  return 'flat';
}

function deltaText(delta: string | number): string {
  return typeof delta === 'number' && delta > 0 ? `+${delta}` : String(delta);
}

const ARROWS: Record<Trend, string> = { up: '▲', down: '▼', flat: '•' };

export function renderMetrics(section: MetricsSection): TemplateResult {
  const items = Array.isArray(section.items) ? section.items : [];
  return html`<div class="la-metrics">
    ${items.map((item) => {
      const hasDelta = item.delta !== undefined && item.delta !== null && item.delta !== '';
      const trend = deltaTrend(item.delta);
      return html`<div class="la-metric">
        <div class="la-metric__label">${item.label}</div>
        <div class="la-metric__value">${String(item.value ?? '')}${
          item.unit ? html`<span class="la-metric__unit">${item.unit}</span>` : nothing
        }</div>
        ${hasDelta
          ? html`<div class="la-metric__delta la-delta--${trend}">
              <span aria-hidden="true">${ARROWS[trend]}</span> ${deltaText(item.delta ?? '')}
            </div>`
          : nothing}
      </div>`;
    })}
  </div>`;
}
