/**
 * Styles for the reading aids the renderer emits (anchors, folded timelines, chart labels,
 * metric verdicts, task lists). Frozen and live pages alike; nothing loads a resource.
 */
export const READING_CSS = `
.la-sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.la-section, la-section { position: relative; }
.la-anchor { color: var(--la-muted); text-decoration: none; font-weight: 600; font-size: 14px; padding: 0 6px; border-radius: 4px; opacity: 0; }
.la-anchor::before { content: "#"; }
.la-anchor:hover { color: var(--la-info); text-decoration: underline; }
.la-anchor:focus-visible { opacity: 1; outline: 2px solid var(--la-info); outline-offset: 1px; }
.la-section__anchor { position: absolute; top: 0; right: 0; line-height: 28px; }
.la-section:hover > .la-section__anchor, la-section:hover > .la-section__anchor, .la-section__anchor:focus, .la-timeline__event:hover .la-anchor, .la-timeline__event:focus-within .la-anchor { opacity: 1; }
@media (hover: none) { .la-anchor { opacity: 0.7; } }
.la-section__title { padding-right: 28px; }
.la-section:target > .la-section__body, la-section:target > .la-section__body, .la-timeline__event:target, .la-timeline__event.la-target { background: var(--la-info-bg); border-radius: 6px; box-shadow: 0 0 0 6px var(--la-info-bg); }
.la-timeline__event { scroll-margin-top: 110px; }
.la-timeline__head { padding-right: 28px; }
.la-timeline__head > .la-anchor { position: absolute; top: 0; right: 0; line-height: 22px; }
.la-timeline__earlier { margin: 0 0 14px; }
.la-timeline__more { cursor: pointer; display: inline-block; padding: 6px 12px; border: 1px solid var(--la-border); border-radius: 999px; font-size: 14px; font-weight: 600; color: var(--la-info); background: var(--la-bg); }
.la-timeline__more:focus-visible { outline: 2px solid var(--la-info); outline-offset: 2px; }
.la-timeline__earlier[open] > .la-timeline__more { margin-bottom: 14px; }
.la-timeline--earlier { margin-bottom: 18px; }
.la-timeline__count { margin: 0 0 10px; font-size: 13px; color: var(--la-muted); }
.la-ago { font-size: 12.5px; }
.la-ago:not(:empty)::before { content: "· "; }
.la-tasklist > .la-task { list-style: none; margin-left: -1.3em; }
.la-task__box { margin: 0 6px 0 0; vertical-align: -2px; width: 15px; height: 15px; }
.la-delta__verdict { font-weight: 700; text-transform: uppercase; font-size: 11px; letter-spacing: 0.04em; }
.la-chart { container-type: inline-size; }
.la-chart__plot { position: relative; }
.la-chart__labels { position: absolute; inset: 0; pointer-events: none; }
.la-chart__labels .la-chart__tick { position: absolute; font-size: 12px; line-height: 1; color: var(--la-muted); white-space: nowrap; font-variant-numeric: tabular-nums; }
.la-chart__tick--y { transform: translateY(-50%); }
.la-chart__tick--x { transform: translateX(-50%); margin-top: 9px; }
.la-chart__label--y, .la-chart__label--x { font-size: 13px; font-weight: 600; color: var(--la-text); }
.la-chart__label--y { margin: 0 0 4px; }
.la-chart__label--x { margin: 14px 0 0; text-align: center; }
@container (max-width: 479px) { .la-chart__wide-only { display: none; } }
.la-chart__tip { position: absolute; z-index: 2; transform: translate(-50%, calc(-100% - 10px)); padding: 6px 10px; border-radius: 6px; background: #1f2328; color: #ffffff; font-size: 13px; line-height: 1.35; white-space: nowrap; pointer-events: none; box-shadow: 0 2px 8px rgba(0, 0, 0, 0.2); }
.la-chart__tip-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: 0; }
.la-chart__tip-point { position: absolute; width: 12px; height: 12px; margin: -6px 0 0 -6px; border-radius: 50%; border: 2px solid #ffffff; box-shadow: 0 0 0 1px #1f2328; pointer-events: none; }
`;
