import type { Template } from './index.ts';

/** An explainer: an overview, then sections of plain text a reader takes in order. */
export const explainerTemplate: Template = () => [
  { op: 'section.upsert', after: null, section: { id: 'overview', type: 'callout', title: 'In one paragraph', tone: 'info', text: 'What this is and why it matters, for someone new to it.' } },
  { op: 'section.upsert', after: 'overview', section: { id: 'background', type: 'markdown', title: 'Background', text: 'What the reader needs to know first.' } },
  { op: 'section.upsert', after: 'background', section: { id: 'how-it-works', type: 'markdown', title: 'How it works', text: 'The idea, step by step.' } },
  { op: 'section.upsert', after: 'how-it-works', section: { id: 'trade-offs', type: 'markdown', title: 'Trade-offs', text: 'What it costs, and what was chosen against.' } },
  { op: 'section.upsert', after: 'trade-offs', section: { id: 'next-steps', type: 'markdown', title: 'Further reading', text: 'Where to go from here.' } },
];
