import type { Template } from './index.ts';

/** A release: what is in it, the steps to ship it, and the numbers that say it is ready. */
export const releaseTemplate: Template = () => [
  { op: 'meta.set', status: 'in progress' },
  { op: 'section.upsert', after: null, section: { id: 'highlights', type: 'markdown', title: 'Highlights', text: '- The most important change, for users\n- …' } },
  {
    op: 'section.upsert',
    after: 'highlights',
    section: {
      id: 'checklist',
      type: 'checklist',
      title: 'Release checklist',
      items: [
        { id: 'freeze', text: 'Branch cut and frozen', done: false },
        { id: 'tests', text: 'All tests green on the release branch', done: false },
        { id: 'notes', text: 'Release notes written', done: false },
        { id: 'staging', text: 'Deployed to staging and checked', done: false },
        { id: 'production', text: 'Deployed to production', done: false },
        { id: 'announce', text: 'Announced', done: false },
      ],
    },
  },
  {
    op: 'section.upsert',
    after: 'checklist',
    section: {
      id: 'metrics',
      type: 'metrics',
      title: 'Readiness',
      items: [
        { label: 'Open blockers', value: '?' },
        { label: 'Tests passing', value: '?', unit: '%' },
        { label: 'Changes', value: '?' },
      ],
    },
  },
];
