import { html, nothing, type TemplateResult } from 'lit';
import type { ArtifactSummary } from '../api/index.ts';
import { versionPath } from '../router/index.ts';
import type { LiveProblem } from './live-connection.ts';

/** What the notice for a problem needs to know and do. */
export interface ProblemNoticeInput {
  artifactId: string;
  problem: LiveProblem;
  /** The page had shown the live document before: "no longer" rather than "not". */
  wasOpen: boolean;
  summary: ArtifactSummary | undefined;
  reload(): void;
  signIn(): void;
  retryNow(): void;
}

/**
 * The notice that takes the place of the live document while it cannot be shown: what happened
 * in the user's words, whether it will come back by itself, and the ways out. Final problems are
 * alerts; the ones the page recovers from by itself are polite status messages.
 * `data-testid="live-problem"` and `data-problem` (the kind) are for end-to-end tests.
 */
export function renderProblemNotice(input: ProblemNoticeInput): TemplateResult {
  switch (input.problem.kind) {
    case 'not-found':
      return notice(input, {
        tone: 'error',
        title: input.wasOpen ? 'This artifact is no longer available to you.' : 'This artifact does not exist, or you do not have access to it.',
        body: input.wasOpen ? 'It was deleted, or it is no longer shared with you.' : 'Check the link, or ask its owner to share it with you.',
        actions: [allArtifacts('primary'), reloadButton(input)],
      });
    case 'access-removed':
      return notice(input, {
        tone: 'error',
        title: 'Your access to this artifact was removed.',
        body: `${input.summary?.ownerName || 'Its owner'} stopped sharing it with you, or you are no longer a member of its organization. Ask the owner if you still need it.`,
        actions: [allArtifacts('primary'), reloadButton(input)],
      });
    case 'signed-out':
      // Calm words: nothing broke, and the header still names the user of the ended session.
      return notice(input, {
        tone: 'quiet',
        alert: true,
        title: 'Your session has ended.',
        body: 'Your sign-in could not be renewed, so this page stopped updating. Sign in again to pick up where you left off.',
        actions: [html`<button type="button" class="button" data-testid="sign-in-again" @click=${input.signIn}>Sign in</button>`],
      });
    case 'feature-off':
      return notice(input, {
        tone: 'quiet',
        title: 'Live Artifacts is turned off for your organization.',
        body: "Your organization's admins switched it off. Nothing was deleted: this page comes back by itself as soon as they switch it on again.",
        actions: [retryButton(input, 'Check now')],
      });
    case 'pinned':
      return renderPinned(input, input.problem.version ?? input.summary?.pinnedVersion ?? undefined);
    case 'unavailable':
      return notice(input, {
        tone: 'quiet',
        title: 'The live document is unavailable right now.',
        body: 'The server cannot serve it at the moment. This page keeps trying and shows it as soon as it can.',
        actions: [retryButton(input, 'Try now'), allArtifacts()],
      });
  }
}

function renderPinned(input: ProblemNoticeInput, version: number | undefined): TemplateResult {
  const owner = input.summary?.ownerName || 'The owner';
  return notice(input, {
    tone: 'quiet',
    title: input.summary?.title || 'This artifact',
    body:
      version === undefined
        ? `${owner} shows readers a published version of this page; the live document is still being worked on.`
        : `${owner} shows readers version ${version} of this page; the live document is still being worked on. This page goes live again by itself when they share the live document.`,
    actions: [
      version === undefined
        ? nothing
        : html`<a class="button" href=${versionPath(input.artifactId, version)} data-testid="open-pinned-version">Read version ${version}</a>`,
      allArtifacts(),
    ],
    heading: version === undefined ? 'Pinned to a published version' : `Pinned to version ${version}`,
  });
}

interface NoticeParts {
  tone: 'error' | 'quiet';
  /** Announced at once (role=alert) though quiet in tone; error notices always are. */
  alert?: boolean;
  title: string;
  body: string;
  actions: unknown[];
  /** A small line above the title. */
  heading?: string;
}

function notice(input: ProblemNoticeInput, parts: NoticeParts): TemplateResult {
  const kind = input.problem.kind;
  return html`<div
    class="notice live-problem notice--${parts.tone}"
    role=${parts.tone === 'error' || parts.alert ? 'alert' : 'status'}
    data-testid="live-problem"
    data-problem=${kind}
  >
    ${parts.heading ? html`<p class="live-problem__heading" data-testid="problem-heading">${parts.heading}</p>` : nothing}
    <h1 class="notice__title">${parts.title}</h1>
    <p>${parts.body}</p>
    <p class="notice__actions">${parts.actions}</p>
  </div>`;
}

function reloadButton(input: ProblemNoticeInput): TemplateResult {
  return html`<button type="button" class="button button--quiet" @click=${input.reload}>Reload</button>`;
}

function retryButton(input: ProblemNoticeInput, label: string): TemplateResult {
  return html`<button type="button" class="button button--quiet" data-testid="retry-now" @click=${input.retryNow}>${label}</button>`;
}

function allArtifacts(weight: 'primary' | 'quiet' = 'quiet'): TemplateResult {
  return html`<a class="button ${weight === 'quiet' ? 'button--quiet' : ''}" href="/">All artifacts</a>`;
}
