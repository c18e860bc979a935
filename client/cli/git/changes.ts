import { InputError } from '../errors.ts';
import { gitOk } from './run-git.ts';

/** Bounds that keep a walkthrough readable and its frozen page far below 16 MiB. */
export const DIFF_LIMITS = {
  /** Commits shown in the timeline; older ones are counted, not listed. */
  maxCommits: 500,
  /** Files that get a diff section; the others are still in the files table. */
  maxFileSections: 300,
  /** Diff lines of one file shown; the rest is summarised in a last line. */
  maxLinesPerFile: 1_000,
  /** Characters of one file's diff shown. */
  maxCharsPerFile: 100_000,
  /** Diff lines of all files together; files past it are summarised. */
  maxTotalLines: 12_000,
} as const;

export interface Commit {
  sha: string;
  author: string;
  /** ISO 8601 with zone (`git log %aI`). */
  at: string;
  subject: string;
  body: string;
}

export type FileStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'type changed';

export interface ChangedFile {
  path: string;
  /** For renames and copies. */
  oldPath?: string;
  status: FileStatus;
  /** Null for binary files. */
  added: number | null;
  removed: number | null;
  binary: boolean;
  /** The unified diff as shown (bounded), or null when left out for the total bound or the file count. */
  diff: string | null;
  /** Lines of the diff not shown (0 when whole). */
  omittedLines: number;
}

export interface Changes {
  commits: Commit[];
  /** Commits in the range beyond `commits`. */
  omittedCommits: number;
  files: ChangedFile[];
}

const STATUS: Record<string, FileStatus> = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', C: 'copied', T: 'type changed' };
const SEP = '\x1f';
const END = '\x1e';

/** Everything a walkthrough needs from `base..head`: commits oldest first, files with bounded diffs. */
export async function readChanges(root: string, baseSha: string, headSha: string): Promise<Changes> {
  const commits = await readCommits(root, baseSha, headSha);
  if (commits.all.length === 0) throw new InputError('empty_range', `no commits in ${baseSha.slice(0, 7)}..${headSha.slice(0, 7)}: the branch has nothing its base does not`);
  return { commits: commits.all, omittedCommits: commits.omitted, files: await readFiles(root, baseSha, headSha) };
}

async function readCommits(root: string, baseSha: string, headSha: string): Promise<{ all: Commit[]; omitted: number }> {
  const count = Number((await gitOk(root, ['rev-list', '--count', `${baseSha}..${headSha}`])).trim());
  const out = await gitOk(root, ['log', `--max-count=${DIFF_LIMITS.maxCommits}`, `--format=%H${SEP}%an${SEP}%aI${SEP}%s${SEP}%b${END}`, `${baseSha}..${headSha}`]);
  const all = out
    .split(END)
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record.includes(SEP))
    .map((record): Commit => {
      const [sha = '', author = '', at = '', subject = '', body = ''] = record.split(SEP);
      return { sha, author, at, subject, body: body.trim() };
    })
    .reverse();
  return { all, omitted: Math.max(0, count - all.length) };
}

async function readFiles(root: string, baseSha: string, headSha: string): Promise<ChangedFile[]> {
  const range = [baseSha, headSha];
  // -z: paths verbatim (no quoting), NUL-separated; -M: renames as renames.
  const names = (await gitOk(root, ['diff', '--no-ext-diff', '--no-textconv', '-M', '-z', '--name-status', ...range])).split('\0');
  const numbers = (await gitOk(root, ['diff', '--no-ext-diff', '--no-textconv', '-M', '-z', '--numstat', ...range])).split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0, n = 0; i < names.length - 1; ) {
    const code = names[i++] ?? '';
    const status = STATUS[code[0] ?? ''] ?? 'modified';
    const twoPaths = status === 'renamed' || status === 'copied';
    const oldPath = twoPaths ? names[i++] : undefined;
    const path = names[i++] ?? '';
    // numstat -z: "added\tremoved\tpath\0", or "added\tremoved\t\0old\0new\0" for a rename.
    const [added = '-', removed = '-'] = (numbers[n++] ?? '').split('\t');
    if (twoPaths) n += 2;
    const binary = added === '-';
    files.push({ path, ...(oldPath ? { oldPath } : {}), status, added: binary ? null : Number(added), removed: binary ? null : Number(removed), binary, diff: null, omittedLines: 0 });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  let budget: number = DIFF_LIMITS.maxTotalLines;
  for (const [index, file] of files.entries()) {
    if (index >= DIFF_LIMITS.maxFileSections || budget <= 0) break;
    const paths = file.oldPath ? [file.oldPath, file.path] : [file.path];
    const diff = await gitOk(root, ['diff', '--no-ext-diff', '--no-textconv', '-M', ...range, '--', ...paths]);
    const bounded = boundDiff(withoutFileHeaders(diff), Math.min(DIFF_LIMITS.maxLinesPerFile, budget), DIFF_LIMITS.maxCharsPerFile);
    file.diff = bounded.text;
    file.omittedLines = bounded.omittedLines;
    budget -= bounded.shownLines;
  }
  return files;
}

/**
 * The diff without the `diff --git`, `index`, `---` and `+++` lines before its first hunk: the
 * section's title names the file. Mode, rename and "Binary files" lines stay; they say something.
 */
export function withoutFileHeaders(diff: string): string {
  const lines = diff.split('\n');
  const firstHunk = lines.findIndex((line) => line.startsWith('@@'));
  const end = firstHunk === -1 ? lines.length : firstHunk;
  return [...lines.slice(0, end).filter((line) => !/^(?:diff --git |index |--- |\+\+\+ )/.test(line)), ...lines.slice(end)].join('\n');
}

/** The first lines of a diff within both bounds, and a last line saying how many were left out. */
export function boundDiff(diff: string, maxLines: number, maxChars: number): { text: string; shownLines: number; omittedLines: number } {
  const lines = diff.replace(/\n$/, '').split('\n');
  let chars = 0;
  let shown = 0;
  while (shown < lines.length && shown < maxLines && chars + (lines[shown]?.length ?? 0) + 1 <= maxChars) chars += (lines[shown++]?.length ?? 0) + 1;
  const omitted = lines.length - shown;
  // A "\ " line is what git itself uses for remarks inside a diff; the renderer shows it as such.
  const note = omitted > 0 ? [`\\ ${omitted} more diff lines not shown here`] : [];
  return { text: [...lines.slice(0, shown), ...note].join('\n'), shownLines: shown, omittedLines: omitted };
}
