/** Stable codes an agent can branch on; the message is for humans and may change. */
export type OpErrorCode =
  | 'invalid_request'
  | 'too_many_ops'
  | 'unknown_op'
  | 'invalid_op'
  /** A string holds text PostgreSQL cannot store (U+0000, an unpaired surrogate); `path` names it. */
  | 'invalid_text'
  | 'section_not_found'
  | 'section_type_mismatch'
  | 'missing_field'
  | 'field_not_allowed'
  | 'invalid_image_src'
  | 'text_too_large'
  | 'too_many_sections'
  | 'too_many_items'
  | 'row_length_mismatch'
  | 'invalid_position';

/** A rejected batch. `opIndex` points at the first offending op; none of the batch was applied. */
export class OpError extends Error {
  override readonly name = 'OpError';
  constructor(
    readonly code: OpErrorCode,
    message: string,
    readonly opIndex?: number,
    readonly path?: string,
  ) {
    super(message);
  }
}
