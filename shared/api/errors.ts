import { z } from 'zod';
import type { OpErrorCode } from '../ops/errors.ts';

/**
 * WebSocket close code of a server that is shutting down or restarting (RFC 6455 registry
 * 1012 "Service Restart"): not a refusal of the user or the document, so the page reconnects at
 * once, to another instance behind the load balancer or to this one when it is back.
 */
export const SERVICE_RESTART_CLOSE_CODE = 1012;

/** Socket close reasons (Hocuspocus `reason`) the server uses, besides Hocuspocus' own. */
export const SOCKET_REASONS = {
  /** The artifact does not exist, or the caller may not read it. */
  notFound: 'not_found',
  /** Access was removed while the page was open (unshared, left the org). */
  forbidden: 'forbidden',
  /** The org's admins switched the feature off; it may come back. */
  featureDisabled: 'feature_disabled',
  /** Readers see a pinned version; the live document is not theirs (may be unpinned later). */
  pinned: 'pinned',
  /** The token expired or was refused: sign in again. */
  tokenExpired: 'token-expired',
  unauthorized: 'unauthorized',
  /** Storage could not load or store; retrying later helps. */
  unavailable: 'unavailable',
  /** The server dropped the document from memory to reload it from storage; reconnect now. */
  reloading: 'reloading',
  /** The server is starting up or shutting down. */
  starting: 'starting',
  /** The server is shutting down (SIGTERM); the socket closes with {@link SERVICE_RESTART_CLOSE_CODE}. */
  stopping: 'stopping',
  /**
   * A socket limit was reached (the server protects itself and other users); the provider
   * reconnects with backoff. Too many sockets (per address or in all) are refused at the
   * upgrade with 429/503 and this reason in `X-Reason`.
   */
  tooManyConnections: 'too_many_connections',
  /** The socket did not authenticate a document in time (close 4408). */
  authTimeout: 'auth_timeout',
  /** The socket sent more than a token's worth of bytes before it authenticated (close 4413). */
  tooMuchData: 'too_much_data',
  /** The socket did not read what the server sent it, so its send buffer filled (close 4413). */
  slowConsumer: 'slow_consumer',
  /** The socket already has as many documents open as one socket may (the document is refused). */
  tooManyDocuments: 'too_many_documents',
  /** The socket asked for the whole document (sync step 1) too often (close 4429). */
  tooManySyncRequests: 'too_many_sync_requests',
  /** An edit sent on the socket was refused (shape, limits) and not stored: reload from storage. */
  invalidUpdate: 'invalid_update',
} as const satisfies Record<string, ErrorCode>;

/** The codes of a rejected op batch (`OpError`), which reach the wire unchanged. */
const OP_ERROR_CODES = [
  'too_many_ops',
  'unknown_op',
  'invalid_op',
  'invalid_text',
  'section_not_found',
  'section_type_mismatch',
  'missing_field',
  'field_not_allowed',
  'invalid_image_src',
  'text_too_large',
  'too_many_sections',
  'too_many_items',
  'row_length_mismatch',
  'invalid_position',
] as const;

/**
 * Every stable `error.code` the server sends, over HTTP (`{"error":{"code","message",...}}`) and
 * as a socket close reason. Clients branch on these; messages are for people and may change.
 * The server's `AppError` takes nothing else, so a new code is added here or does not compile.
 */
export const ERROR_CODES = [
  // Requests: bodies, queries, headers.
  'invalid_request',
  'invalid_json',
  'unsupported_media_type',
  'body_too_large',
  'invalid_filter',
  'invalid_cursor',
  'invalid_idempotency_key',
  'invalid_policy',
  'unknown_version',
  'invalid_webhook_url',
  // A webhook URL whose host is (or resolves to) a private, loopback or link-local address.
  'webhook_url_refused',
  // Who may do what.
  'unauthorized',
  'forbidden',
  'not_found',
  'pinned',
  'feature_disabled',
  'sharing_restricted',
  'comments_disabled',
  'legal_hold',
  // Conflicts and limits of what is stored.
  'idempotency_key_reused',
  'idempotency_key_in_progress',
  'retention_busy',
  'artifact_too_large',
  'snapshot_too_large',
  'too_many_webhooks',
  // The server's state: retrying later helps.
  'unavailable',
  'reloading',
  'starting',
  'stopping',
  'internal',
  // Sockets only.
  'invalid_update',
  'token-expired',
  'too_many_connections',
  'auth_timeout',
  'too_much_data',
  'slow_consumer',
  'too_many_documents',
  'too_many_sync_requests',
  ...OP_ERROR_CODES,
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Fails to compile when shared/ops gains a code this list lacks. */
const _everyOpErrorCode: [Exclude<OpErrorCode, ErrorCode>] extends [never] ? true : never = true;
void _everyOpErrorCode;

export const errorCodeSchema = z.enum(ERROR_CODES);

/** Every error answer: a stable code, a sentence, and the route's extra safe fields (`field`, `opIndex`, `limitBytes`, ...). */
export const errorBodySchema = z.object({
  error: z.looseObject({ code: errorCodeSchema, message: z.string() }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
