import type { Template } from './index.ts';

/** An incident: what is known (callout), how bad (metrics), what happened when, what to do. */
export const incidentTemplate: Template = ({ now }) => [
  { op: 'meta.set', status: 'investigating' },
  { op: 'section.upsert', after: null, section: { id: 'summary', type: 'callout', title: 'Summary', tone: 'warning', text: 'What is broken, for whom, since when. Update as you learn more.' } },
  {
    op: 'section.upsert',
    after: 'summary',
    section: {
      id: 'impact',
      type: 'metrics',
      title: 'Impact',
      items: [
        { label: 'Users affected', value: '?' },
        { label: 'Error rate', value: '?', unit: '%' },
        { label: 'Duration', value: '?', unit: 'min' },
      ],
    },
  },
  { op: 'section.upsert', after: 'impact', section: { id: 'timeline', type: 'timeline', title: 'Timeline', events: [{ id: 'opened', at: now, title: 'Incident opened', severity: 'warning' }] } },
  {
    op: 'section.upsert',
    after: 'timeline',
    section: {
      id: 'actions',
      type: 'checklist',
      title: 'Actions',
      items: [
        { id: 'mitigate', text: 'Mitigate the impact', done: false },
        { id: 'root-cause', text: 'Find the root cause', done: false },
        { id: 'communicate', text: 'Tell the affected users', done: false },
        { id: 'follow-up', text: 'File follow-up work so it does not happen again', done: false },
      ],
    },
  },
];
