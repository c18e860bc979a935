import { z } from 'zod';

/** `POST /api/hooks/:source`: the session artifact the event went to (201 when this event created it). */
export const hookResultSchema = z.object({
  artifactId: z.string(),
  url: z.string(),
  /** True when this event was the session's first and made its artifact. */
  created: z.boolean(),
  /** Ops the event turned into (0 for a repeat that changed nothing). */
  applied: z.int(),
});
export type HookResult = z.infer<typeof hookResultSchema>;
