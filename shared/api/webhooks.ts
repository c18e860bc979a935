import { z } from 'zod';

/*
 * Outgoing webhooks on the wire: what an org-admin (org hooks) or an artifact's owner (its
 * hooks) sends and gets back, and the JSON body a receiver is posted. The rules (which URLs,
 * how deliveries retry) live in server/webhooks; this is the shape.
 */

export const WEBHOOK_EVENTS = ['published', 'restored', 'commented', 'mentioned'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];
/** `test`: a delivery sent on demand ("Send test event"), to any hook whatever its events. */
export type WebhookBodyType = WebhookEventType | 'test';

/** Longest hook URL accepted (a receiver's URL, not a place for data). */
export const MAX_WEBHOOK_URL_LENGTH = 2_048;
/** Hooks one org may have (org-wide), and one artifact. */
export const MAX_ORG_WEBHOOKS = 20;
export const MAX_ARTIFACT_WEBHOOKS = 5;

/** `POST` a hook, or `PUT` it (both fields replace what is stored). */
export const webhookBodySchema = z.strictObject({
  url: z.string().min(1).max(MAX_WEBHOOK_URL_LENGTH),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, 'choose at least one event').max(WEBHOOK_EVENTS.length),
});
export type WebhookBody = z.infer<typeof webhookBodySchema>;

/** `PUT /api/admin/webhook-settings`: whether bodies of the org's hooks may carry content (e.g. a comment's text). */
export const webhookSettingsSchema = z.strictObject({ includeContent: z.boolean() });
export type WebhookSettings = z.infer<typeof webhookSettingsSchema>;

const isoTime = z.string().describe('ISO 8601');

/** One hook as listed (never its secret: that is shown once, at creation or rotation). */
export const webhookSchema = z.object({
  id: z.string(),
  /** null for an org-wide hook. */
  artifactId: z.string().nullable(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  createdBy: z.string(),
  createdAt: isoTime,
  secretRotatedAt: isoTime.nullable(),
});
export type Webhook = z.infer<typeof webhookSchema>;

export const webhookListSchema = z.object({ hooks: z.array(webhookSchema), settings: webhookSettingsSchema });
export type WebhookList = z.infer<typeof webhookListSchema>;

/** 201 on creation and 200 on rotation: the signing secret, shown this once. */
export const webhookSecretSchema = z.object({ hook: webhookSchema, secret: z.string() });

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivering', 'delivered', 'failed'] as const;

export const webhookAttemptSchema = z.object({
  attempt: z.int(),
  at: isoTime,
  /** The receiver's HTTP status; null when no answer came (timeout, refused, TLS). */
  statusCode: z.int().nullable(),
  durationMs: z.int(),
  error: z.string().nullable(),
});

/** One delivery of the log: its attempts, and when the next one is due while it is pending. */
export const webhookDeliverySchema = z.object({
  id: z.string(),
  hookId: z.string(),
  event: z.enum([...WEBHOOK_EVENTS, 'test']),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.array(webhookAttemptSchema),
  nextAttemptAt: isoTime.nullable(),
  createdAt: isoTime,
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveryListSchema = z.object({ deliveries: z.array(webhookDeliverySchema) });

/** `POST …/test`: 202, the delivery queued. */
export const webhookTestSchema = z.object({ deliveryId: z.string() });

/**
 * The JSON body a receiver gets. Ids, the artifact's title and URL, the time and the actor;
 * `text` (a comment's) only when the org's admins opted in (`includeContent`).
 */
export const webhookPayloadSchema = z.object({
  /** Also the `X-Live-Artifacts-Delivery` header: the same on every retry, so receivers can drop repeats. */
  deliveryId: z.string(),
  type: z.enum([...WEBHOOK_EVENTS, 'test']),
  at: isoTime,
  orgId: z.string(),
  hookId: z.string(),
  actorId: z.string(),
  /** null only for the test event of an org-wide hook. */
  artifact: z.object({ id: z.string(), title: z.string(), url: z.string() }).nullable(),
  version: z.int().optional(),
  threadId: z.string().optional(),
  commentId: z.string().optional(),
  mentions: z.array(z.string()).optional(),
  text: z.string().optional(),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
