/** Agent hook events (Claude Code, Codex) → a session artifact. Pure: no I/O, no clock. */
export * from './event-schema.ts';
export { REDACTED, redactText, redactValue, isSecretKey } from './redact.ts';
export { hookEventOps, sessionTitle, toolEventId, formatDuration, SESSION_STATUS, HOOK_TEXT_LIMITS, type HookContext } from './session-ops.ts';
export { filesTouched, toolLabel, patchFiles, relativePath } from './tool-summary.ts';
export { truncate, oneLine, storable, groupDigits } from './truncate.ts';
/** The session template, re-exported for the hook route (the template registry lists it with the others). */
export { sessionTemplate, SESSION_SECTIONS } from '../templates/session.ts';
