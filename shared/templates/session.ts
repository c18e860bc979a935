import type { Template } from './index.ts';

/**
 * A minimal agent session skeleton (status in the meta, prompts, tool calls, files touched).
 * Placeholder until the hooks work lands its own `sessionTemplate`; the ids are the same.
 */
export const sessionTemplate: Template = ({ now }) => [
  { op: 'meta.set', status: 'running' },
  { op: 'section.upsert', after: null, section: { id: 'prompts', type: 'timeline', title: 'Prompts', events: [] } },
  { op: 'section.upsert', after: 'prompts', section: { id: 'tools', type: 'timeline', title: 'Tool calls', events: [{ id: 'started', at: now, title: 'Session started', severity: 'info' }] } },
  { op: 'section.upsert', after: 'tools', section: { id: 'files', type: 'table', title: 'Files touched', columns: ['File', 'Tool', 'Times'], rows: [] } },
];
