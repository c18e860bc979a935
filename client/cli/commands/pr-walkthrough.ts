import { createHash } from 'node:crypto';
import { sortEvents, type Section, type SectionFields } from '#shared';
import { PR_REVIEW_ITEMS, PR_SECTION_IDS } from '#shared/templates';
import type { ChangedFile, Changes } from '../git/index.ts';

/** A diff section starts folded past this many lines, so a long file does not bury the rest. */
const FOLD_LINES = 80;

/** Diff sections are `file-<hash of the path>`: stable across runs, and only ours are ever removed. */
export const FILE_SECTION_PREFIX = 'file-';

export function fileSectionId(path: string): string {
  return `${FILE_SECTION_PREFIX}${createHash('sha256').update(path).digest('hex').slice(0, 12)}`;
}

export interface Walkthrough {
  title: string;
  /** Summary, files table, commits: the template's sections, in page order. */
  sections: (SectionFields & { id: string })[];
  /** One per file with a diff, in path order; they follow the review checklist. */
  diffs: (SectionFields & { id: string })[];
}

/** The walkthrough's sections for a range: what `artifacts pr` makes the artifact say. */
export function buildWalkthrough(changes: Changes, range: { label: string; baseSha: string; headSha: string; branch: string | null }, title?: string): Walkthrough {
  const { commits, files } = changes;
  const added = files.reduce((n, f) => n + (f.added ?? 0), 0);
  const removed = files.reduce((n, f) => n + (f.removed ?? 0), 0);
  const first = commits[0];
  const sections: Walkthrough['sections'] = [
    { id: PR_SECTION_IDS.summary, type: 'markdown', title: 'Summary', text: summaryText(changes, range, added, removed) },
    {
      id: PR_SECTION_IDS.files,
      type: 'table',
      title: `Files changed (${files.length})`,
      columns: ['File', '+', '−', 'Status'],
      rows: files.map((f) => [f.oldPath ? `${f.oldPath} → ${f.path}` : f.path, f.added ?? '–', f.removed ?? '–', f.binary ? `${f.status} (binary)` : f.status]),
    },
    {
      id: PR_SECTION_IDS.commits,
      type: 'timeline',
      title: `Commits (${commits.length + changes.omittedCommits})`,
      // In the order the document keeps them, so an unchanged timeline compares equal.
      events: sortEvents(commits.map((c) => ({ id: `commit-${c.sha.slice(0, 12)}`, at: c.at, title: c.subject || '(no subject)', body: `\`${c.sha.slice(0, 7)}\``, actor: c.author }))),
    },
  ];
  const diffs = files.filter((f) => f.diff !== null).map(diffSection);
  return { title: title ?? (commits.length === 1 && first ? first.subject : `PR: ${range.branch ?? range.label}`), sections, diffs };
}

/** The review checklist, written only when the artifact has none, so ticked items stay ticked. */
export const reviewSection: SectionFields & { id: string } = { id: PR_SECTION_IDS.review, type: 'checklist', title: 'Review checklist', items: PR_REVIEW_ITEMS };

function summaryText(changes: Changes, range: { label: string; baseSha: string; headSha: string }, added: number, removed: number): string {
  const { commits, files, omittedCommits } = changes;
  const count = commits.length + omittedCommits;
  const lines = [
    `**${count} commit${count === 1 ? '' : 's'}**, **${files.length} file${files.length === 1 ? '' : 's'}** changed (+${added} −${removed}) in \`${range.label}\` (\`${range.baseSha.slice(0, 7)}..${range.headSha.slice(0, 7)}\`).`,
  ];
  const body = commits[0]?.body;
  if (body) lines.push('', body);
  lines.push('', ...commits.map((c) => `- ${c.subject || '(no subject)'} (\`${c.sha.slice(0, 7)}\`)`));
  if (omittedCommits > 0) lines.push(`- … and ${omittedCommits} older commits not listed`);
  const left = files.filter((f) => f.diff === null).length;
  const cut = files.filter((f) => f.omittedLines > 0).length;
  if (left || cut) {
    lines.push('', `_Left out to keep the page readable: ${[left ? `the diffs of ${left} file${left === 1 ? '' : 's'} (listed in the table)` : '', cut ? `the end of ${cut} long diff${cut === 1 ? '' : 's'}` : ''].filter(Boolean).join(' and ')}; \`git diff ${range.baseSha.slice(0, 7)} ${range.headSha.slice(0, 7)}\` shows everything._`);
  }
  return lines.join('\n');
}

function diffSection(file: ChangedFile): SectionFields & { id: string } {
  const diff = file.diff ?? '';
  const lineCount = diff.split('\n').length;
  return {
    id: fileSectionId(file.path),
    type: 'code',
    title: file.oldPath ? `${file.oldPath} → ${file.path}` : file.path,
    language: languageOf(file.path),
    code: '',
    diff,
    collapsed: lineCount > FOLD_LINES,
  };
}

const LANGUAGES: Record<string, string> = {
  ts: 'typescript', tsx: 'typescript', js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript', py: 'python', go: 'go', rs: 'rust',
  java: 'java', kt: 'kotlin', rb: 'ruby', php: 'php', c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', cs: 'csharp', swift: 'swift', sh: 'bash', md: 'markdown',
  json: 'json', yml: 'yaml', yaml: 'yaml', toml: 'toml', css: 'css', html: 'html', sql: 'sql', xml: 'xml',
};

function languageOf(path: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';
  return LANGUAGES[ext] ?? 'text';
}

/**
 * Whether the stored section already says what `wanted` says, field by field (the stored one
 * may carry defaults `wanted` leaves out), so an unchanged section is not sent again.
 */
export function sameSection(stored: Section | undefined, wanted: SectionFields): boolean {
  if (!stored) return false;
  const have = stored as unknown as Record<string, unknown>;
  return Object.entries(wanted).every(([key, value]) => canonical(have[key]) === canonical(value));
}

/** JSON with object keys sorted, so field order does not make equal values differ. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
