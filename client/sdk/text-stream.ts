import type { Op } from '#shared';
import { OpStream, type StreamOptions } from './op-stream.ts';

export interface TextStreamOptions extends StreamOptions {
  /**
   * Most characters sent in one request. Default 256 Ki: well under the server's body limit,
   * and small enough that one request does not hold up a viewer for long.
   */
  maxBatchChars?: number;
}

export const DEFAULT_MAX_BATCH_CHARS = 256 * 1024;

/**
 * Streams text into a markdown, callout or code section (a log): chunks written close together become one
 * `text.append` op, in the order written. See {@link OpStream} for flushing and failure.
 */
export class TextStream extends OpStream<string> {
  constructor(sectionId: string, send: (ops: Op[], idempotencyKey: string) => Promise<unknown>, options: TextStreamOptions & { onClosed?: () => void } = {}) {
    super(
      {
        measure: (chunk) => chunk.length,
        maxBatchSize: options.maxBatchChars ?? DEFAULT_MAX_BATCH_CHARS,
        toOps: (chunks) => [{ op: 'text.append', id: sectionId, text: chunks.join('') }],
        send,
        ...(options.onClosed ? { onClosed: options.onClosed } : {}),
      },
      options,
    );
  }

  /** Appends a chunk (empty chunks are ignored); false past `highWaterMark`. Throws if the stream failed or was closed. */
  override write(chunk: string): boolean {
    if (chunk === '' && !this.closed) return !this.full;
    return super.write(chunk);
  }
}
