import type { Template } from './index.ts';

/** A dashboard: headline numbers, a trend over time and a breakdown by category. */
export const dashboardTemplate: Template = () => [
  {
    op: 'section.upsert',
    after: null,
    section: {
      id: 'metrics',
      type: 'metrics',
      title: 'Key numbers',
      items: [
        { label: 'Primary metric', value: '?' },
        { label: 'Secondary metric', value: '?' },
        { label: 'Health', value: '?', unit: '%' },
      ],
    },
  },
  { op: 'section.upsert', after: 'metrics', section: { id: 'trend', type: 'chart', title: 'Trend', chart: 'line', xLabel: 'time', yLabel: 'value', series: [] } },
  { op: 'section.upsert', after: 'trend', section: { id: 'breakdown', type: 'chart', title: 'Breakdown', chart: 'bar', xLabel: 'category', yLabel: 'value', series: [] } },
];
