import type { Template } from './index.ts';

/**
 * A pull-request walkthrough. `artifacts pr` fills these same section ids from git, and adds
 * one diff section per file after `files`.
 */
export const PR_SECTION_IDS = { summary: 'summary', files: 'files', commits: 'commits', review: 'review' } as const;

/** The review checklist every walkthrough starts with. */
export const PR_REVIEW_ITEMS = [
  { id: 'intent', text: 'The summary says what changes and why', done: false },
  { id: 'tests', text: 'New behaviour is covered by tests', done: false },
  { id: 'errors', text: 'Errors and edge cases are handled', done: false },
  { id: 'security', text: 'No secrets, no new unchecked input', done: false },
  { id: 'docs', text: 'Docs and changelog are updated', done: false },
];

export const prTemplate: Template = () => [
  { op: 'meta.set', status: 'in review' },
  { op: 'section.upsert', after: null, section: { id: PR_SECTION_IDS.summary, type: 'markdown', title: 'Summary', text: 'What this change does and why, in a few sentences.' } },
  { op: 'section.upsert', after: PR_SECTION_IDS.summary, section: { id: PR_SECTION_IDS.files, type: 'table', title: 'Files changed', columns: ['File', '+', '−', 'Status'], rows: [] } },
  { op: 'section.upsert', after: PR_SECTION_IDS.files, section: { id: PR_SECTION_IDS.commits, type: 'timeline', title: 'Commits', events: [] } },
  { op: 'section.upsert', after: PR_SECTION_IDS.commits, section: { id: PR_SECTION_IDS.review, type: 'checklist', title: 'Review checklist', items: PR_REVIEW_ITEMS } },
];
