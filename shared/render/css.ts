/**
 * Styles for everything the renderer emits, in light DOM. Live pages use `<la-section>`, frozen
 * pages `<section class="la-section">`, so both selectors appear. Nothing here may load a
 * resource (no url(), no @import): a frozen page must stand alone under `default-src 'none'`.
 */
import { READING_CSS } from './reading-css.ts';

const BASE = `
:root {
  --la-font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji";
  --la-mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
  --la-text: #1f2328;
  --la-muted: #59636e;
  --la-border: #d1d9e0;
  --la-bg: #ffffff;
  --la-subtle: #f6f8fa;
  --la-info: #0969da;
  --la-info-bg: #ddf4ff;
  --la-success: #1a7f37;
  --la-success-bg: #dafbe1;
  --la-warning: #9a6700;
  --la-warning-bg: #fff8c5;
  --la-danger: #cf222e;
  --la-danger-bg: #ffebe9;
  --la-radius: 8px;
}
.la-artifact, .la-section, la-section {
  font-family: var(--la-font);
  color: var(--la-text);
  line-height: 1.55;
  font-size: 16px;
  -webkit-text-size-adjust: 100%;
}
.la-artifact { max-width: 920px; margin: 0 auto; padding: 24px 16px 64px; background: var(--la-bg); }
.la-artifact *, .la-section *, la-section * { box-sizing: border-box; }
.la-header { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; padding-bottom: 16px; margin-bottom: 8px; border-bottom: 1px solid var(--la-border); }
.la-header__kind { flex-basis: 100%; color: var(--la-muted); font-size: 13px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.06em; }
.la-header__title { margin: 0; font-size: clamp(24px, 5vw, 32px); line-height: 1.2; font-weight: 700; overflow-wrap: anywhere; }
.la-header__emoji { margin-right: 0.35em; }
.la-main { display: block; }
.la-section, la-section { display: block; margin: 28px 0; min-width: 0; }
.la-section__body { min-width: 0; }
.la-section__title { margin: 0 0 12px; font-size: 20px; line-height: 1.3; font-weight: 650; overflow-wrap: anywhere; }
.la-empty { color: var(--la-muted); font-style: italic; margin: 0; }
.la-badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; line-height: 20px; white-space: nowrap; border: 1px solid transparent; background: var(--la-subtle); color: var(--la-muted); border-color: var(--la-border); }
.la-status--success { background: var(--la-success-bg); color: var(--la-success); border-color: currentColor; }
.la-status--warning { background: var(--la-warning-bg); color: var(--la-warning); border-color: currentColor; }
.la-status--danger { background: var(--la-danger-bg); color: var(--la-danger); border-color: currentColor; }
.la-status--info { background: var(--la-info-bg); color: var(--la-info); border-color: currentColor; }
`;

const MARKDOWN = `
.la-md { overflow-wrap: anywhere; }
.la-md > :first-child { margin-top: 0; }
.la-md > :last-child { margin-bottom: 0; }
.la-md p, .la-md ul, .la-md ol, .la-md blockquote, .la-md pre, .la-md table { margin: 0 0 12px; }
.la-md h1, .la-md h2, .la-md h3, .la-md h4, .la-md h5, .la-md h6 { margin: 20px 0 8px; line-height: 1.3; }
.la-md h1 { font-size: 1.3em; } .la-md h2 { font-size: 1.15em; } .la-md h3 { font-size: 1.05em; }
.la-md ul, .la-md ol { padding-left: 1.6em; }
.la-md li + li { margin-top: 4px; }
.la-md a { color: var(--la-info); text-decoration: underline; text-underline-offset: 2px; }
.la-md blockquote { padding: 0 1em; color: var(--la-muted); border-left: 4px solid var(--la-border); }
.la-md code { font-family: var(--la-mono); font-size: 0.88em; padding: 0.15em 0.35em; border-radius: 4px; background: rgba(129, 139, 152, 0.14); }
.la-md pre { padding: 12px 14px; overflow-x: auto; background: var(--la-subtle); border-radius: var(--la-radius); border: 1px solid var(--la-border); }
.la-md pre code { padding: 0; background: none; font-size: 13.5px; overflow-wrap: normal; white-space: pre; }
.la-md img { max-width: 100%; height: auto; }
.la-md hr { border: 0; border-top: 1px solid var(--la-border); margin: 20px 0; }
.la-md table { display: block; max-width: 100%; overflow-x: auto; border-collapse: collapse; }
.la-md th, .la-md td { padding: 6px 12px; border: 1px solid var(--la-border); }
.la-md__blocked-image { display: inline-block; padding: 0 6px; border: 1px dashed var(--la-border); border-radius: 4px; color: var(--la-muted); font-size: 0.9em; }
`;

const CODE = `
.la-code { border: 1px solid var(--la-border); border-radius: var(--la-radius); background: var(--la-subtle); overflow: hidden; }
.la-code__lang { padding: 6px 14px; font-size: 12px; font-weight: 600; color: var(--la-muted); border-bottom: 1px solid var(--la-border); text-transform: lowercase; }
.la-code__pre { margin: 0; padding: 12px 0; overflow-x: auto; font-family: var(--la-mono); font-size: 13.5px; line-height: 1.5; tab-size: 4; }
.la-code__pre > code { display: block; min-width: max-content; padding: 0 14px; font-family: inherit; white-space: pre; }
/* Logs: a bounded box that scrolls on its own, lines wrapped so nothing hides off to the side. */
.la-code--log { position: relative; }
.la-code--log .la-code__pre { max-height: min(60vh, 480px); overflow-y: auto; overscroll-behavior: contain; }
.la-code--log .la-code__pre > code { min-width: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.la-log__line { display: block; min-height: 1.5em; padding-left: 2ch; text-indent: -2ch; }
.la-code--log .la-code__pre:focus-visible { outline: 2px solid var(--la-info); outline-offset: -2px; }
.la-diff > code { padding: 0; }
.la-diff__line { display: block; min-height: 1.5em; padding: 0 14px; }
.la-diff__add { background: #dafbe1; color: #116329; }
.la-diff__del { background: #ffebe9; color: #82071e; }
.la-diff__hunk { background: #ddf4ff; color: #0550ae; }
.la-diff__file { color: var(--la-text); font-weight: 600; }
.la-diff__meta { color: var(--la-muted); }
.la-diff .la-diff__line { padding: 0 14px 0 0; }
.la-diff__gutter { position: sticky; left: 0; display: inline-block; margin-right: 10px; padding: 0 6px; background: var(--la-subtle); border-right: 1px solid var(--la-border); color: var(--la-muted); user-select: none; }
.la-diff__add .la-diff__gutter { background: #ccf5d6; }
.la-diff__del .la-diff__gutter { background: #ffdcd8; }
.la-diff__n { display: inline-block; min-width: calc(var(--la-diff-digits, 3) * 1ch); text-align: right; }
.la-diff__n + .la-diff__n { margin-left: 8px; }
.la-diff__n::before { content: attr(data-n); }
.la-code--foldable > .la-code__summary { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 12px; padding: 8px 14px; cursor: pointer; list-style: none; }
.la-code--foldable > .la-code__summary::-webkit-details-marker { display: none; }
.la-code--foldable > .la-code__summary::before { content: '▸'; color: var(--la-muted); }
.la-code--foldable[open] > .la-code__summary::before { content: '▾'; }
.la-code--foldable[open] > .la-code__summary { border-bottom: 1px solid var(--la-border); }
.la-code--foldable .la-code__summary:focus-visible { outline: 2px solid var(--la-info); outline-offset: -2px; }
.la-code__title { flex: 1 1 16em; min-width: 0; margin: 0; font-family: var(--la-mono); font-size: 14px; overflow-wrap: anywhere; }
.la-code__summary .la-code__lang { padding: 0; border: 0; }
.la-code__stats { font-family: var(--la-mono); font-size: 12px; font-weight: 600; }
.la-code__added { color: #116329; }
.la-code__removed { color: #82071e; }
.hljs { color: #1f2328; }
.hljs-comment, .hljs-quote { color: #59636e; font-style: italic; }
.hljs-keyword, .hljs-selector-tag, .hljs-meta .hljs-keyword, .hljs-doctag, .hljs-template-tag { color: #cf222e; }
.hljs-string, .hljs-regexp, .hljs-meta .hljs-string { color: #0a3069; }
.hljs-number, .hljs-literal, .hljs-variable, .hljs-template-variable, .hljs-symbol, .hljs-bullet, .hljs-selector-attr, .hljs-selector-pseudo { color: #0550ae; }
.hljs-title, .hljs-title.class_, .hljs-title.function_, .hljs-section { color: #6639ba; }
.hljs-attr, .hljs-attribute, .hljs-property, .hljs-selector-class, .hljs-selector-id { color: #0550ae; }
.hljs-built_in, .hljs-type, .hljs-params { color: #953800; }
.hljs-name, .hljs-tag { color: #116329; }
.hljs-meta { color: #8250df; }
.hljs-addition { color: #116329; background: #dafbe1; }
.hljs-deletion { color: #82071e; background: #ffebe9; }
.hljs-emphasis { font-style: italic; }
.hljs-strong { font-weight: 700; }
`;

const CHART = `
.la-chart { margin: 0; padding: 12px; border: 1px solid var(--la-border); border-radius: var(--la-radius); background: var(--la-bg); }
.la-chart__svg { display: block; width: 100%; height: auto; overflow: visible; font-family: var(--la-font); }
.la-chart__grid { stroke: #e6eaef; stroke-width: 1; }
.la-chart__axis { stroke: #8c959f; stroke-width: 1; }
.la-chart__tick { fill: var(--la-muted); font-size: 13px; }
.la-chart__label { fill: var(--la-text); font-size: 13px; font-weight: 600; }
.la-chart__value { fill: #ffffff; font-size: 13px; font-weight: 700; paint-order: stroke; stroke-width: 3px; stroke-linejoin: round; }
.la-chart__empty { fill: var(--la-muted); font-size: 15px; }
.la-chart__legend { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 8px 0 0; padding: 0; list-style: none; font-size: 13px; color: var(--la-muted); }
.la-chart__legend li { display: inline-flex; align-items: center; gap: 6px; overflow-wrap: anywhere; }
.la-chart__swatch { display: inline-block; flex: none; width: 12px; height: 12px; border-radius: 3px; }
`;

const BLOCKS = `
.la-timeline { list-style: none; margin: 0 0 0 8px; padding: 0 0 0 20px; border-left: 2px solid var(--la-border); }
.la-timeline__event { position: relative; margin: 0 0 18px; padding-left: 4px; --la-sev: #8c959f; }
.la-timeline__event::before { content: ""; position: absolute; left: -29px; top: 5px; width: 12px; height: 12px; border-radius: 50%; background: var(--la-sev); border: 2px solid var(--la-bg); box-shadow: 0 0 0 1px var(--la-sev); }
.la-timeline__event:last-child { margin-bottom: 0; }
.la-sev--info { --la-sev: var(--la-info); }
.la-sev--warning { --la-sev: #bf8700; }
.la-sev--critical { --la-sev: var(--la-danger); }
.la-sev--resolved { --la-sev: var(--la-success); }
.la-timeline__head { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 8px; font-size: 13px; color: var(--la-muted); }
.la-timeline__time { font-family: var(--la-mono); font-size: 12.5px; }
.la-timeline__actor { font-weight: 600; }
.la-timeline__actor::before { content: "· "; font-weight: 400; }
.la-timeline__title { font-weight: 600; margin-top: 2px; overflow-wrap: anywhere; }
.la-timeline__event .la-md { margin-top: 4px; color: var(--la-text); font-size: 15px; }
.la-sev-badge--info { background: var(--la-info-bg); color: var(--la-info); border-color: currentColor; }
.la-sev-badge--warning { background: var(--la-warning-bg); color: var(--la-warning); border-color: currentColor; }
.la-sev-badge--critical { background: var(--la-danger-bg); color: var(--la-danger); border-color: currentColor; }
.la-sev-badge--resolved { background: var(--la-success-bg); color: var(--la-success); border-color: currentColor; }
.la-checklist__summary { display: flex; align-items: center; gap: 12px; margin-bottom: 8px; font-size: 14px; color: var(--la-muted); font-weight: 600; }
.la-progress { flex: 1; max-width: 240px; height: 6px; border-radius: 999px; background: #e6eaef; overflow: hidden; }
.la-progress__bar { display: block; height: 100%; background: var(--la-success); border-radius: inherit; }
.la-checklist__items { list-style: none; margin: 0; padding: 0; }
.la-checklist__item { display: flex; align-items: flex-start; flex-wrap: wrap; gap: 4px 10px; padding: 8px 0; border-bottom: 1px solid #eef1f4; }
.la-checklist__item:last-child { border-bottom: 0; }
.la-checklist__label { display: flex; align-items: flex-start; gap: 10px; flex: 1 1 12em; min-width: 0; }
.la-checklist__box { flex: none; width: 16px; height: 16px; margin: 4px 0 0; accent-color: var(--la-success); opacity: 1; }
.la-checklist__text { min-width: 0; overflow-wrap: anywhere; }
.la-checklist__item.is-done .la-checklist__text { text-decoration: line-through; color: var(--la-muted); }
.la-badge--owner { background: var(--la-info-bg); color: var(--la-info); border-color: transparent; }
.la-table-wrap { max-width: 100%; overflow-x: auto; border: 1px solid var(--la-border); border-radius: var(--la-radius); }
.la-table { width: 100%; border-collapse: collapse; font-size: 14px; }
.la-table th, .la-table td { padding: 8px 12px; text-align: left; vertical-align: top; border-bottom: 1px solid var(--la-border); white-space: nowrap; }
.la-table td.la-wrap { white-space: normal; min-width: 16em; overflow-wrap: anywhere; }
.la-table th { background: var(--la-subtle); font-weight: 600; }
.la-table tbody tr:last-child td { border-bottom: 0; }
.la-table tbody tr:nth-child(even) td { background: #fafbfc; }
.la-table .la-num { text-align: right; font-variant-numeric: tabular-nums; }
.la-callout { display: flex; gap: 12px; padding: 12px 16px; border-radius: var(--la-radius); border: 1px solid; border-left-width: 4px; }
.la-callout__icon { flex: none; width: 22px; height: 22px; border-radius: 50%; color: #fff; font-size: 13px; font-weight: 700; line-height: 22px; text-align: center; margin-top: 1px; }
.la-callout__text { flex: 1; min-width: 0; }
.la-callout--info { background: var(--la-info-bg); border-color: var(--la-info); }
.la-callout--info .la-callout__icon { background: var(--la-info); }
.la-callout--success { background: var(--la-success-bg); border-color: var(--la-success); }
.la-callout--success .la-callout__icon { background: var(--la-success); }
.la-callout--warning { background: var(--la-warning-bg); border-color: #bf8700; }
.la-callout--warning .la-callout__icon { background: #bf8700; }
.la-callout--danger { background: var(--la-danger-bg); border-color: var(--la-danger); }
.la-callout--danger .la-callout__icon { background: var(--la-danger); }
.la-metrics { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 12px; }
.la-metric { padding: 14px 16px; border: 1px solid var(--la-border); border-radius: var(--la-radius); background: var(--la-bg); min-width: 0; }
.la-metric__label { font-size: 13px; color: var(--la-muted); font-weight: 600; overflow-wrap: anywhere; }
.la-metric__value { margin-top: 4px; font-size: 26px; font-weight: 700; line-height: 1.2; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.la-metric__unit { margin-left: 3px; font-size: 15px; font-weight: 600; color: var(--la-muted); }
.la-metric__delta { margin-top: 4px; font-size: 13px; font-weight: 600; color: var(--la-muted); }
.la-delta--better { color: var(--la-success); }
.la-delta--worse { color: var(--la-danger); }
.la-image { margin: 0; }
.la-image img { display: block; max-width: 100%; height: auto; border-radius: var(--la-radius); }
.la-image--blocked { display: flex; flex-direction: column; gap: 4px; padding: 16px; border: 2px dashed var(--la-border); border-radius: var(--la-radius); color: var(--la-muted); font-size: 14px; overflow-wrap: anywhere; }
@media (max-width: 480px) {
  .la-artifact { padding: 16px 12px 48px; }
  .la-section, la-section { margin: 22px 0; }
  .la-chart { padding: 8px; }
  .la-metrics { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; }
  .la-metric { padding: 10px 12px; }
  .la-metric__value { font-size: 22px; }
}
`;

export const ARTIFACT_CSS: string = (BASE + MARKDOWN + CODE + CHART + BLOCKS + READING_CSS).trim();
