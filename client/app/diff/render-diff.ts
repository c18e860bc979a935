import { html, nothing, type TemplateResult } from 'lit';
import { isEmptyDiff, type ArtifactDiff, type ChangedSection, type KeyedChanges, type TextHunk, type ValueChange } from '#shared/diff';
import { renderSection } from '#shared/render';
import type { ChartPoint, ChecklistItem, MetricItem, Section, TableCell, TimelineEvent } from '#shared/schema';
import { plural } from '../format/index.ts';
import { displayValue, fieldChanges, hunkLines, MAX_LISTED } from './diff-text.ts';

/**
 * An ArtifactDiff as a page: counts first, then what changed inside sections, what was added
 * (drawn like the page draws it, edged green), removed (edged red) and moved. Pure templates:
 * no DOM access, so they also render on the server and in tests.
 */
export function renderArtifactDiff(diff: ArtifactDiff): TemplateResult {
  if (isEmptyDiff(diff)) {
    return html`${renderSummary(diff)}
      <div class="notice notice--quiet" data-testid="diff-empty">
        <p class="notice__title">No differences.</p>
        <p>Both sides have the same sections with the same content.</p>
      </div>`;
  }
  const metaFields = Object.entries(diff.meta);
  return html`${renderSummary(diff)}
    ${metaFields.length > 0
      ? html`<section class="diff-group" data-testid="diff-meta">
          <h2 class="diff-group__title">Page details</h2>
          <div class="diff-box diff-box--changed">${metaFields.map(([field, change]) => renderValueChange(field, change))}</div>
        </section>`
      : nothing}
    ${group('Changed', 'diff-changed', diff.changed.map(renderChanged))}
    ${group('Added', 'diff-added', diff.added.map(({ section, index }) => renderPlaced('added', section, index)))}
    ${group('Removed', 'diff-removed', diff.removed.map(({ section, index }) => renderPlaced('removed', section, index)))}
    ${diff.moved.length > 0
      ? html`<section class="diff-group" data-testid="diff-moved">
          <h2 class="diff-group__title">Moved <span class="diff-group__count">${diff.moved.length}</span></h2>
          <ul class="diff-list">
            ${diff.moved.map(
              (m) => html`<li class="diff-item diff-item--move" data-section-id=${m.id}>
                ${m.label ? html`<strong>${m.label}</strong> · ` : nothing}<code>${m.id}</code>
                ${`moved from position ${m.fromIndex + 1} to ${m.toIndex + 1}`}
              </li>`,
            )}
          </ul>
        </section>`
      : nothing}`;
}

function renderSummary(diff: ArtifactDiff): TemplateResult {
  const { added, removed, moved, changed } = diff.summary;
  const metaCount = Object.keys(diff.meta).length;
  return html`<ul class="diff-summary" data-testid="diff-summary" aria-label="Summary">
    <li class="chip chip--added" data-count=${added}>${added} added</li>
    <li class="chip chip--removed" data-count=${removed}>${removed} removed</li>
    <li class="chip chip--changed" data-count=${changed}>${changed} changed</li>
    <li class="chip chip--moved" data-count=${moved}>${moved} moved</li>
    ${metaCount > 0 ? html`<li class="chip">${plural(metaCount, 'page detail')} changed</li>` : nothing}
  </ul>`;
}

function group(title: string, testid: string, items: TemplateResult[]): TemplateResult | typeof nothing {
  if (items.length === 0) return nothing;
  return html`<section class="diff-group" data-testid=${testid}>
    <h2 class="diff-group__title">${title} <span class="diff-group__count">${items.length}</span></h2>
    ${items}
  </section>`;
}

function renderPlaced(kind: 'added' | 'removed', section: Section, index: number): TemplateResult {
  return html`<div class="diff-box diff-box--${kind}" data-section-id=${section.id}>
    <p class="diff-box__label">
      ${kind === 'added' ? 'Added' : 'Removed'} at position ${index + 1} · <code>${section.id}</code>
      <span class="tag">${section.type}</span>
    </p>
    <div class="diff-box__content la-section">${renderSectionPreview(section)}</div>
  </div>`;
}

/** The section as the page draws it. An image in a diff carries only a description of its data. */
function renderSectionPreview(section: Section): TemplateResult {
  if (section.type === 'image') {
    return html`<div class="diff-image" role="img" aria-label=${section.alt || 'image'}>
      <strong>Image</strong>${section.alt ? html` · ${section.alt}` : nothing} <span class="muted">(${section.src})</span>
    </div>`;
  }
  return renderSection(section);
}

function renderChanged(change: ChangedSection): TemplateResult {
  const name = change.label ?? change.title?.from ?? undefined;
  const moved = change.fromIndex !== change.toIndex ? ` (was ${change.fromIndex + 1})` : '';
  return html`<div class="diff-box diff-box--changed" data-testid="diff-changed-section" data-section-id=${change.id}>
    <p class="diff-box__label">
      ${name ? html`<strong>${name}</strong> · ` : nothing}<code>${change.id}</code> <span class="tag">${change.type}</span>
      <span class="muted">position ${change.toIndex + 1}${moved}</span>
    </p>
    ${change.title ? renderValueChange('title', change.title) : nothing} ${renderDetail(change)}
  </div>`;
}

function renderDetail(change: ChangedSection): unknown {
  switch (change.type) {
    case 'markdown':
      return renderHunks('Text', change.text);
    case 'callout':
      return html`${change.tone ? renderValueChange('tone', change.tone) : nothing} ${renderHunks('Text', change.text)}`;
    case 'code':
      return html`${change.language ? renderValueChange('language', change.language) : nothing} ${renderHunks('Code', change.code)}
      ${renderHunks('Diff', change.diff)}`;
    case 'timeline':
      return renderKeyed('Events', change.events, describeEvent, 'id');
    case 'checklist':
      return renderKeyed('Items', change.items, describeItem, 'id');
    case 'metrics':
      return renderKeyed('Metrics', change.items, describeMetric, 'label');
    case 'table':
      return html`${change.columns ? renderValueChange('columns', change.columns) : nothing}
      ${change.rows ? renderRows(change.rows.added, change.rows.removed) : nothing}`;
    case 'chart':
      return html`${change.chart ? renderValueChange('chart', change.chart) : nothing}
      ${change.xLabel ? renderValueChange('x label', change.xLabel) : nothing}
      ${change.yLabel ? renderValueChange('y label', change.yLabel) : nothing}
      ${change.series
        ? html`<ul class="diff-list">
            ${change.series.added.map(
              (s) => html`<li class="diff-item diff-item--add">Series “${s.name}” added (${plural(s.points.length, 'point')})</li>`,
            )}
            ${change.series.removed.map(
              (s) => html`<li class="diff-item diff-item--remove">Series “${s.name}” removed (${plural(s.points.length, 'point')})</li>`,
            )}
            ${change.series.points.map(
              (p) => html`${p.added.length > 0
                ? html`<li class="diff-item diff-item--add">“${p.name}”: ${plural(p.added.length, 'point')} added ${listPoints(p.added)}</li>`
                : nothing}
              ${p.removed.length > 0
                ? html`<li class="diff-item diff-item--remove">“${p.name}”: ${plural(p.removed.length, 'point')} removed ${listPoints(p.removed)}</li>`
                : nothing}`,
            )}
          </ul>`
        : nothing}`;
    case 'image':
      return html`${change.src ? renderValueChange('image', change.src) : nothing} ${change.alt ? renderValueChange('alt text', change.alt) : nothing}`;
  }
}

function renderValueChange(field: string, change: ValueChange<unknown>): TemplateResult {
  return html`<p class="diff-field">
    <span class="diff-field__name">${field}</span>
    <del class="diff-del">${displayValue(change.from)}</del>
    <span aria-hidden="true">→</span>
    <ins class="diff-ins">${displayValue(change.to)}</ins>
  </p>`;
}

function renderHunks(label: string, hunks: TextHunk[] | undefined): TemplateResult | typeof nothing {
  if (!hunks) return nothing;
  return html`<div class="diff-text" data-testid="diff-text">
    <p class="diff-text__label">${label}</p>
    <pre class="diff-text__pre"><code>${hunkLines(hunks).map((line) => {
      switch (line.kind) {
        case 'add':
          return html`<span class="diff-line diff-line--add"><span class="diff-line__sign">+</span>${line.text}</span>`;
        case 'remove':
          return html`<span class="diff-line diff-line--remove"><span class="diff-line__sign">−</span>${line.text}</span>`;
        case 'equal':
          return html`<span class="diff-line"><span class="diff-line__sign"> </span>${line.text}</span>`;
        case 'skip':
          return html`<span class="diff-line diff-line--skip">⋯ ${plural(line.count, 'unchanged line')}</span>`;
        case 'truncated':
          return html`<span class="diff-line diff-line--skip">⋯ ${plural(line.count, 'more changed line')} not shown</span>`;
      }
    })}</code></pre>
  </div>`;
}

function renderKeyed<T extends object>(
  label: string,
  changes: KeyedChanges<T> | undefined,
  describe: (entry: T) => string,
  keyField: string,
): TemplateResult | typeof nothing {
  if (!changes) return nothing;
  return html`<p class="diff-text__label">${label}</p>
    <ul class="diff-list">
      ${limited(changes.added).map((e) => html`<li class="diff-item diff-item--add">${describe(e)}</li>`)}
      ${limited(changes.removed).map((e) => html`<li class="diff-item diff-item--remove">${describe(e)}</li>`)}
      ${limited(changes.changed).map(
        (c) => html`<li class="diff-item diff-item--change">
          ${describe(c.to)}
          <span class="diff-item__fields">
            ${fieldChanges(c.from, c.to, keyField).map(
              (f) => html`<span class="diff-item__field"
                >${f.field}: <del class="diff-del">${f.from}</del> → <ins class="diff-ins">${f.to}</ins></span
              >`,
            )}
          </span>
        </li>`,
      )}
      ${renderHidden(hiddenCount(changes.added, changes.removed, changes.changed))}
      ${changes.reordered ? html`<li class="diff-item diff-item--move">The order changed.</li>` : nothing}
    </ul>`;
}

function renderRows(added: TableCell[][], removed: TableCell[][]): TemplateResult {
  const row = (kind: 'add' | 'remove', cells: TableCell[]) => html`<tr class="diff-row diff-row--${kind}">
    <td class="diff-row__sign">${kind === 'add' ? '+' : '−'}</td>
    ${cells.map((cell) => html`<td>${String(cell)}</td>`)}
  </tr>`;
  return html`<p class="diff-text__label">Rows</p>
    <div class="diff-table-wrap">
      <table class="diff-table">
        <tbody>
          ${limited(added).map((cells) => row('add', cells))} ${limited(removed).map((cells) => row('remove', cells))}
        </tbody>
      </table>
    </div>
    ${hiddenCount(added, removed) > 0 ? html`<p class="muted">${plural(hiddenCount(added, removed), 'more row')} not shown.</p>` : nothing}`;
}

function limited<T>(entries: T[]): T[] {
  return entries.length > MAX_LISTED ? entries.slice(0, MAX_LISTED) : entries;
}

/** How many entries {@link limited} leaves out of these lists. */
function hiddenCount(...lists: unknown[][]): number {
  return lists.reduce((sum, list) => sum + Math.max(0, list.length - MAX_LISTED), 0);
}

function renderHidden(count: number): TemplateResult | typeof nothing {
  return count > 0 ? html`<li class="diff-item muted">${plural(count, 'more entry', 'more entries')} not shown.</li>` : nothing;
}

function listPoints(points: ChartPoint[]): string {
  const shown = points.slice(0, 12).map(([x, y]) => `(${x}, ${y})`);
  return points.length > shown.length ? `${shown.join(', ')} …` : shown.join(', ');
}

function describeEvent(e: TimelineEvent): string {
  return [e.at, e.title, e.severity ? `[${e.severity}]` : '', e.actor ? `— ${e.actor}` : ''].filter(Boolean).join(' ');
}

function describeItem(item: ChecklistItem): string {
  return `${item.done ? '☑' : '☐'} ${item.text}${item.owner ? ` (${item.owner})` : ''}`;
}

function describeMetric(item: MetricItem): string {
  const delta = item.delta !== undefined && item.delta !== '' ? ` (${item.delta})` : '';
  return `${item.label}: ${item.value}${item.unit ? ` ${item.unit}` : ''}${delta}`;
}
