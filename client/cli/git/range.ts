import { InputError, UsageError } from '../errors.ts';
import { git } from './run-git.ts';

export interface ResolvedRange {
  /** The range as given or defaulted, for messages: `main..HEAD`. */
  label: string;
  baseSha: string;
  headSha: string;
  /** The checked-out branch (null when detached): where the artifact id is remembered. */
  branch: string | null;
}

/** The repository's top level, or `not_a_git_repository`. */
export async function repositoryRoot(cwd: string): Promise<string> {
  const result = await git(cwd, ['rev-parse', '--show-toplevel']);
  if (result.code !== 0) throw new InputError('not_a_git_repository', `${cwd} is not inside a git repository (run it in your checkout)`);
  return result.stdout.trim();
}

/**
 * `<base>..<head>` as given, or the merge base of the default branch (origin/HEAD, else main,
 * else master) with HEAD, `..HEAD`.
 */
export async function resolveRange(root: string, range: string | undefined): Promise<ResolvedRange> {
  const branch = await currentBranch(root);
  if (range === undefined) {
    const base = await defaultBranch(root);
    const head = await commitOf(root, 'HEAD');
    const mergeBase = await git(root, ['merge-base', base, head]);
    if (mergeBase.code !== 0) throw new InputError('unknown_ref', `HEAD has no common history with ${base}; name the range: artifacts pr <base>..<head>`);
    return { label: `${base}..HEAD`, baseSha: mergeBase.stdout.trim(), headSha: head, branch };
  }
  const parts = range.split('..');
  if (parts.length !== 2 || parts.some((p) => p.startsWith('.'))) throw new UsageError(`'${range}' is not a range; write <base>..<head>, e.g. main..HEAD`, 'pr');
  const [base = '', head = ''] = parts;
  return { label: range, baseSha: await commitOf(root, base || 'HEAD'), headSha: await commitOf(root, head || 'HEAD'), branch };
}

async function currentBranch(root: string): Promise<string | null> {
  const result = await git(root, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  return result.code === 0 ? result.stdout.trim() || null : null;
}

async function defaultBranch(root: string): Promise<string> {
  const origin = await git(root, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  if (origin.code === 0 && origin.stdout.trim()) return origin.stdout.trim();
  for (const name of ['main', 'master']) {
    if ((await git(root, ['rev-parse', '--verify', '--quiet', `refs/heads/${name}^{commit}`])).code === 0) return name;
  }
  throw new InputError('unknown_ref', 'no default branch (origin/HEAD, main or master) to compare with; name the range: artifacts pr <base>..<head>');
}

/** The full sha of a commit-ish; `unknown_ref` when it names none. */
export async function commitOf(root: string, ref: string): Promise<string> {
  // `--end-of-options` keeps a ref that starts with '-' from being read as an option.
  const result = await git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  if (result.code !== 0) throw new InputError('unknown_ref', `'${ref}' names no commit in this repository`);
  return result.stdout.trim();
}


