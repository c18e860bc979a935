import type { Op } from '../ops/index.ts';
import type { Template } from './index.ts';

/** Section ids of a session artifact; hook events find their sections by these. */
export const SESSION_SECTIONS = { timeline: 'timeline', prompts: 'prompts', files: 'files' } as const;

/** The event the template starts the timeline with; the session's first `SessionStart` fills it in. */
export const SESSION_STARTED_EVENT_ID = 'started';

export const SESSION_FILE_COLUMNS = ['path', 'tool', 'count'];

/** The sections of a session artifact, each as a fresh skeleton (also used to restore one a person removed). */
export function sessionSectionOps(now: string): Record<keyof typeof SESSION_SECTIONS, Op> {
  return {
    timeline: {
      op: 'section.upsert',
      section: {
        id: SESSION_SECTIONS.timeline,
        type: 'timeline',
        title: 'Timeline',
        events: [{ id: SESSION_STARTED_EVENT_ID, at: now, title: 'Session started', severity: 'info' }],
      },
    },
    prompts: { op: 'section.upsert', section: { id: SESSION_SECTIONS.prompts, type: 'markdown', title: 'Prompts', text: '' } },
    files: { op: 'section.upsert', section: { id: SESSION_SECTIONS.files, type: 'table', title: 'Files touched', columns: SESSION_FILE_COLUMNS, rows: [] } },
  };
}

/**
 * An agent's working session: its status in the meta (running, waiting for input, done), a
 * timeline of tool calls and turns, the prompts it was given and the files it touched. Hook
 * events (`POST /api/hooks/...`) keep it up to date; it also works filled in by hand.
 */
export const sessionTemplate: Template = ({ title, now }) => {
  const sections = sessionSectionOps(now);
  return [{ op: 'meta.set', title, kind: 'session', status: 'running' }, sections.prompts, sections.timeline, sections.files];
};
