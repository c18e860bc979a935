import { z } from 'zod';

/** The agents whose hook events the server understands; the path segment of `POST /api/hooks/:source`. */
export const HOOK_SOURCES = ['claude-code', 'codex'] as const;
export type HookSource = (typeof HOOK_SOURCES)[number];

/** How the session page names each source. */
export const HOOK_SOURCE_NAMES: Readonly<Record<HookSource, string>> = { 'claude-code': 'Claude Code', codex: 'Codex' };

/**
 * The events the session page gives a meaning to (Claude Code's hook events; Codex sends the
 * same names with the same fields). Any other name is accepted and recorded as a plain
 * timeline event: agents add events faster than servers are upgraded.
 */
export const KNOWN_HOOK_EVENTS = [
  'SessionStart',
  'UserPromptSubmit',
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'PermissionRequest',
  'Notification',
  'Stop',
  'SubagentStop',
  'PreCompact',
  'PostCompact',
  'SessionEnd',
] as const;
export type KnownHookEvent = (typeof KNOWN_HOOK_EVENTS)[number];

/** Events that need a `tool_name`: the page cannot say what ran without it. */
const TOOL_EVENTS = new Set<string>(['PreToolUse', 'PostToolUse', 'PostToolUseFailure']);

const text = (max: number) => z.string().max(max);

/**
 * One hook event as the agent writes it to a `command` hook's stdin. Only the two fields every
 * event carries are required; the rest are read when present and of the documented type.
 * Objects stay loose: fields we do not know are kept for the generic record, never refused.
 */
export const hookEventSchema = z
  .looseObject({
    session_id: text(200).min(1, 'is required'),
    hook_event_name: text(100).min(1, 'is required'),
    transcript_path: text(4_096).nullish(),
    cwd: text(4_096).nullish(),
    model: text(200).nullish(),
    turn_id: text(200).nullish(),
    permission_mode: text(100).nullish(),
    tool_name: text(500).nullish(),
    tool_use_id: text(500).nullish(),
    tool_input: z.unknown().optional(),
    tool_response: z.unknown().optional(),
    /** PostToolUseFailure: what went wrong. */
    error: z.unknown().optional(),
    is_interrupt: z.boolean().nullish(),
    /** Some agents report how long the tool ran; preferred over the gap between Pre and Post. */
    duration_ms: z.number().finite().nonnegative().nullish(),
    prompt: z.string().nullish(),
    message: z.string().nullish(),
    title: z.string().nullish(),
    notification_type: text(200).nullish(),
    source: text(200).nullish(),
    reason: text(200).nullish(),
    trigger: text(200).nullish(),
    stop_hook_active: z.boolean().nullish(),
    last_assistant_message: z.string().nullish(),
    agent_type: text(200).nullish(),
  })
  .superRefine((event, ctx) => {
    if (TOOL_EVENTS.has(event.hook_event_name) && !event.tool_name) {
      ctx.addIssue({ code: 'custom', path: ['tool_name'], message: `is required for ${event.hook_event_name}` });
    }
  });

export type HookEvent = z.infer<typeof hookEventSchema>;
