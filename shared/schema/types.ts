/**
 * The JSON shape of an artifact, as agents send it in ops and as `GET /api/artifacts/:id`
 * answers. The OpenAPI document (`GET /api/openapi.json`) describes it for people; this file is
 * its typed twin.
 */

export const SECTION_TYPES = [
  'markdown',
  'code',
  'chart',
  'timeline',
  'checklist',
  'table',
  'callout',
  'metrics',
  'image',
] as const;
export type SectionType = (typeof SECTION_TYPES)[number];

export const CHART_KINDS = ['line', 'bar', 'area', 'funnel'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

export const SEVERITIES = ['info', 'warning', 'critical', 'resolved'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const METRIC_DIRECTIONS = ['higher', 'lower'] as const;
export type MetricDirection = (typeof METRIC_DIRECTIONS)[number];

export const TONES = ['info', 'success', 'warning', 'danger'] as const;
export type Tone = (typeof TONES)[number];

interface SectionBase {
  id: string;
  title?: string;
}

export interface MarkdownSection extends SectionBase {
  type: 'markdown';
  text: string;
}

export interface CodeSection extends SectionBase {
  type: 'code';
  language: string;
  code: string;
  /** A unified diff; when present the viewer shows it instead of `code`. */
  diff?: string;
  /**
   * Absent: always shown. Present: the body folds under its title (`<details>`, which works
   * without script in frozen pages too); `true` starts folded, `false` starts open.
   */
  collapsed?: boolean;
}

/** x is a number (time, index) or a category label; y is always a number. */
export type ChartPoint = [x: number | string, y: number];

export interface ChartSeries {
  name: string;
  points: ChartPoint[];
}

export interface ChartSection extends SectionBase {
  type: 'chart';
  chart: ChartKind;
  xLabel?: string;
  yLabel?: string;
  series: ChartSeries[];
}

export interface TimelineEvent {
  id: string;
  /** ISO 8601 timestamp; events are kept in time order. */
  at: string;
  title: string;
  body?: string;
  severity?: Severity;
  actor?: string;
}

export interface TimelineSection extends SectionBase {
  type: 'timeline';
  events: TimelineEvent[];
}

export interface ChecklistItem {
  id: string;
  text: string;
  done: boolean;
  owner?: string;
}

export interface ChecklistSection extends SectionBase {
  type: 'checklist';
  items: ChecklistItem[];
}

export type TableCell = string | number;

export interface TableSection extends SectionBase {
  type: 'table';
  columns: string[];
  rows: TableCell[][];
}

export interface CalloutSection extends SectionBase {
  type: 'callout';
  tone: Tone;
  text: string;
}

export interface MetricItem {
  label: string;
  value: string | number;
  unit?: string;
  /** Change against a previous value, e.g. `-12` or `"+3%"`. */
  delta?: string | number;
  /** Which way is good: a latency or an error rate is better `lower`. Absent means `higher`. */
  better?: MetricDirection;
}

export interface MetricsSection extends SectionBase {
  type: 'metrics';
  items: MetricItem[];
}

export interface ImageSection extends SectionBase {
  type: 'image';
  /** A `data:image/...` URI; nothing else is accepted. */
  src: string;
  alt: string;
}

export type Section =
  | MarkdownSection
  | CodeSection
  | ChartSection
  | TimelineSection
  | ChecklistSection
  | TableSection
  | CalloutSection
  | MetricsSection
  | ImageSection;

export type SectionOf<T extends SectionType> = Extract<Section, { type: T }>;

export interface ArtifactMeta {
  title: string;
  kind: string;
  emoji?: string;
  status?: string;
}

export interface ArtifactJSON {
  id: string;
  meta: ArtifactMeta;
  sections: Section[];
}

/** A checklist item as an op sends it: only `id` is required when the item exists. */
export interface ChecklistItemPatch {
  id: string;
  text?: string;
  done?: boolean;
  owner?: string;
}

/**
 * The fields a `section.upsert` writes: every field of every section type, all optional but
 * `id`. Validation (shared/ops) has already checked which ones the type accepts.
 */
export interface SectionPatch {
  id: string;
  type?: SectionType;
  title?: string;
  text?: string;
  language?: string;
  code?: string;
  diff?: string;
  collapsed?: boolean;
  chart?: ChartKind;
  xLabel?: string;
  yLabel?: string;
  series?: ChartSeries[];
  events?: TimelineEvent[];
  items?: (ChecklistItemPatch | MetricItem)[];
  columns?: string[];
  rows?: TableCell[][];
  tone?: Tone;
  src?: string;
  alt?: string;
}
