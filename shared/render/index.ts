/**
 * The one renderer for artifacts: lit templates that the client renders live and the server
 * renders to a frozen string with @lit-labs/ssr. Pure: no DOM, no Node APIs, no clock.
 */
export { renderSection, renderSectionAnchor, sectionAnchorId } from './section.ts';
export { eventAnchorId, filterEvents, filterActive } from './timeline.ts';
export { placedPoints, type PlacedPoint } from './chart.ts';
export { formatRelative, formatInZone } from './time-format.ts';
export { TIMELINE_VISIBLE_EVENTS, type RenderOptions, type TimelineFilter } from './render-options.ts';
export { renderArtifactHeader, renderArtifactPage, statusTone } from './page.ts';
export { ARTIFACT_CSS } from './css.ts';
export { niceTicks, formatCompact } from './chart-scale.ts';
export { formatUtc } from './timeline.ts';
export { isDataImageUri, markdownToHtml } from './markdown.ts';
