import type { Op, TimelineEventInput } from '#shared';
import { OpStream, type StreamOptions } from './op-stream.ts';

/** A timeline event as a producer writes it; `at` defaults to the moment of the write. */
export type TimelineEventDraft = Omit<TimelineEventInput, 'at'> & { at?: string };

/** Events per request: half the server's default `maxOpsPerBatch`, so a backlog never trips it. */
export const MAX_EVENTS_PER_BATCH = 500;

/**
 * Streams events into a timeline section: events written close together go out as one batch
 * of `timeline.append` ops, in the order written. See {@link OpStream} for flushing and failure.
 */
export class TimelineStream extends OpStream<TimelineEventInput> {
  constructor(sectionId: string, send: (ops: Op[], idempotencyKey: string) => Promise<unknown>, options: StreamOptions & { onClosed?: () => void } = {}) {
    super(
      {
        measure: () => 1,
        maxBatchSize: MAX_EVENTS_PER_BATCH,
        toOps: (events) => events.map((event) => ({ op: 'timeline.append', id: sectionId, event })),
        send,
        ...(options.onClosed ? { onClosed: options.onClosed } : {}),
      },
      options,
    );
  }

  /** Adds an event, stamped with the current time unless it has `at`; false past `highWaterMark`. */
  override write(event: TimelineEventDraft): boolean {
    return super.write({ ...event, at: event.at ?? new Date().toISOString() });
  }
}
