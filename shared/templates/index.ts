import type { Op } from '../ops/index.ts';

/**
 * Templates: a well-formed skeleton for each common kind of artifact, as the ops that build it
 * on a new, empty artifact. Pure: the caller passes the time.
 */
export const TEMPLATE_NAMES = ['incident', 'pr', 'release', 'dashboard', 'explainer', 'session'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export interface TemplateInput {
  title: string;
  /** ISO 8601, for the first timeline events and "started" metrics. */
  now: string;
}

/** The ops that turn a new artifact into the template's skeleton. */
export type Template = (input: TemplateInput) => Op[];
