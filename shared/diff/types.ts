/**
 * The section-level diff of two artifacts (`GET /api/artifacts/:id/diff`). Plain JSON: no
 * `undefined` values that matter, no class instances, so it travels over HTTP unchanged.
 * Absent optional fields (a section without a title, a code section without a diff) appear
 * as `null` in a {@link ValueChange}.
 */
import type {
  ChartKind,
  ChartPoint,
  ChartSeries,
  ChecklistItem,
  MetricItem,
  Section,
  SectionType,
  TableCell,
  TimelineEvent,
  Tone,
} from '../schema/types.ts';

/** A field that differs between the two sides. */
export interface ValueChange<T> {
  from: T | null;
  to: T | null;
}

/**
 * One run of a line-level text diff. An `equal` run far from any change is collapsed: the
 * lines next to changes stay as context and the rest becomes an `equal` hunk with empty
 * `lines` and `skipped` = how many unchanged lines it stands for.
 */
export type TextHunk =
  | { op: 'add' | 'remove'; lines: string[] }
  | { op: 'equal'; lines: string[]; skipped?: number };

/**
 * Changes to a list whose entries have a key (timeline events and checklist items by `id`,
 * metrics by `label`). `reordered` is set when the entries both sides share are in another order.
 */
export interface KeyedChanges<T> {
  added: T[];
  removed: T[];
  changed: { key: string; from: T; to: T }[];
  reordered?: true;
}

/** Entries compared by content, counting duplicates (two equal rows are two rows). */
export interface MultisetChanges<T> {
  added: T[];
  removed: T[];
}

export interface SeriesPointChanges extends MultisetChanges<ChartPoint> {
  name: string;
}

/**
 * What changed inside a section whose id and type are the same on both sides. A field is
 * present only when that part changed.
 */
export type SectionDetail =
  | { type: 'markdown'; text?: TextHunk[] }
  | { type: 'callout'; tone?: ValueChange<Tone>; text?: TextHunk[] }
  | { type: 'code'; language?: ValueChange<string>; code?: TextHunk[]; diff?: TextHunk[] }
  | { type: 'timeline'; events?: KeyedChanges<TimelineEvent> }
  | { type: 'checklist'; items?: KeyedChanges<ChecklistItem> }
  | { type: 'metrics'; items?: KeyedChanges<MetricItem> }
  | { type: 'table'; columns?: ValueChange<string[]>; rows?: MultisetChanges<TableCell[]> }
  | {
      type: 'chart';
      chart?: ValueChange<ChartKind>;
      xLabel?: ValueChange<string>;
      yLabel?: ValueChange<string>;
      series?: { added: ChartSeries[]; removed: ChartSeries[]; points: SeriesPointChanges[] };
    }
  | {
      type: 'image';
      /** Descriptions such as `data:image/png (12.3 kB)`, never the data itself. */
      src?: ValueChange<string>;
      alt?: ValueChange<string>;
    };

export type ChangedSection = SectionDetail & {
  id: string;
  type: SectionType;
  /** The section's title on the `to` side, when it has one: how readers know the section. */
  label?: string;
  /** Position in the `from` artifact. */
  fromIndex: number;
  /** Position in the `to` artifact. */
  toIndex: number;
  title?: ValueChange<string>;
};

/**
 * A section only one side has. Image sections carry a description of their data URI in `src`
 * (see {@link describeDataUri}), not the image, so a diff stays small.
 */
export interface PlacedSection {
  section: Section;
  /** Position in the artifact that has it (`to` for added, `from` for removed). */
  index: number;
}

export interface MovedSection {
  id: string;
  /** The section's title on the `to` side, when it has one. */
  label?: string;
  fromIndex: number;
  toIndex: number;
}

export interface ArtifactDiff {
  /** Meta fields that differ, e.g. `{ title: { from: 'A', to: 'B' } }`. */
  meta: Record<string, ValueChange<string>>;
  /** In `to` order. A section whose type changed is both removed and added. */
  added: PlacedSection[];
  /** In `from` order. */
  removed: PlacedSection[];
  /** The fewest sections that explain the new order; in `to` order. */
  moved: MovedSection[];
  /** In `to` order. A section can be both moved and changed. */
  changed: ChangedSection[];
  /** Section counts of each list. */
  summary: { added: number; removed: number; moved: number; changed: number };
}
