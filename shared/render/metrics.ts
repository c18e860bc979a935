import { html, nothing, type TemplateResult } from 'lit';
import type { MetricDirection, MetricItem, MetricsSection } from '../schema/types.ts';

export type Trend = 'up' | 'down' | 'flat';

/** Whether a change is good news, given which way the metric is better. */
export type Verdict = 'better' | 'worse' | 'unchanged';

/** Direction of a delta: a positive number or a string starting with `+` is up. */
export function deltaTrend(delta: MetricItem['delta']): Trend {
  if (typeof delta === 'number') return delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat';
  const text = typeof delta === 'string' ? delta.trim() : '';
  if (text.startsWith('+')) return 'up';
  if (text.startsWith('-') || text.startsWith('−')) return 'down';
  return 'flat';
}

/**
 * A rising p99 is bad news: the verdict follows `better` (default `higher`), so colour and the
 * word next to the arrow say what the change means, not only which way it went.
 */
export function deltaVerdict(trend: Trend, better: MetricDirection | undefined): Verdict {
  if (trend === 'flat') return 'unchanged';
  const good: Trend = better === 'lower' ? 'down' : 'up';
  return trend === good ? 'better' : 'worse';
}

function deltaText(delta: string | number): string {
  return typeof delta === 'number' && delta > 0 ? `+${delta}` : String(delta);
}

const ARROWS: Record<Trend, string> = { up: '▲', down: '▼', flat: '•' };
const TREND_WORDS: Record<Trend, string> = { up: 'up', down: 'down', flat: 'unchanged' };

function renderDelta(item: MetricItem): TemplateResult {
  const trend = deltaTrend(item.delta);
  const verdict = deltaVerdict(trend, item.better);
  // The arrow is decoration; a screen reader hears "up 40 ms, worse (lower is better)".
  const hint = item.better === 'lower' ? 'lower is better' : 'higher is better';
  const spoken = `${TREND_WORDS[trend]} ${deltaText(item.delta ?? '')}${verdict === 'unchanged' ? '' : `, ${verdict} (${hint})`}`;
  return html`<div class="la-metric__delta la-delta--${trend} la-delta--${verdict}" title=${hint}>
    <span aria-hidden="true">${ARROWS[trend]} ${deltaText(item.delta ?? '')}${
      verdict === 'unchanged' ? nothing : html` <span class="la-delta__verdict">${verdict}</span>`
    }</span><span class="la-sr-only">${spoken}</span>
  </div>`;
}

export function renderMetrics(section: MetricsSection): TemplateResult {
  const items = Array.isArray(section.items) ? section.items : [];
  return html`<div class="la-metrics">
    ${items.map((item) => {
      const hasDelta = item.delta !== undefined && item.delta !== null && item.delta !== '';
      return html`<div class="la-metric">
        <div class="la-metric__label">${item.label}</div>
        <div class="la-metric__value">${String(item.value ?? '')}${
          item.unit ? html`<span class="la-metric__unit">${item.unit}</span>` : nothing
        }</div>
        ${hasDelta ? renderDelta(item) : nothing}
      </div>`;
    })}
  </div>`;
}
