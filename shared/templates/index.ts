import type { Op } from '../ops/index.ts';
import { dashboardTemplate } from './dashboard.ts';
import { explainerTemplate } from './explainer.ts';
import { incidentTemplate } from './incident.ts';
import { prTemplate } from './pr.ts';
import { releaseTemplate } from './release.ts';
import { sessionTemplate } from './session.ts';

export { PR_REVIEW_ITEMS, PR_SECTION_IDS } from './pr.ts';

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

const TEMPLATES: Readonly<Record<TemplateName, { kind: string; build: Template }>> = {
  incident: { kind: 'incident', build: incidentTemplate },
  pr: { kind: 'pr', build: prTemplate },
  release: { kind: 'release', build: releaseTemplate },
  dashboard: { kind: 'dashboard', build: dashboardTemplate },
  explainer: { kind: 'explainer', build: explainerTemplate },
  session: { kind: 'session', build: sessionTemplate },
};

export function isTemplateName(name: string): name is TemplateName {
  return (TEMPLATE_NAMES as readonly string[]).includes(name);
}

/** The kind an artifact made from the template gets unless the caller names another. */
export function templateKind(name: TemplateName): string {
  return TEMPLATES[name].kind;
}

/** The skeleton's ops, to apply after the artifact's own `meta.set` (title and kind) in the same batch. */
export function templateOps(name: TemplateName, input: TemplateInput): Op[] {
  return TEMPLATES[name].build(input);
}
