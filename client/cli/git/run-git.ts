import { execFile } from 'node:child_process';
import { InputError } from '../errors.ts';

/** Largest output one git call may return; diffs are bounded again per file and in total. */
const MAX_GIT_OUTPUT_BYTES = 64 * 1024 * 1024;

export interface GitResult {
  stdout: string;
  stderr: string;
  code: number;
}

/**
 * Runs `git <args>` in `cwd` without a shell (arguments are never parsed again), without a
 * pager, colour, external diff or prompt, and resolves with its output and exit code. Only a
 * missing git or an output past the bound reject.
 */
export function git(cwd: string, args: readonly string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-c', 'core.quotePath=false', '-c', 'color.ui=false', '--no-pager', ...args],
      { cwd, maxBuffer: MAX_GIT_OUTPUT_BYTES, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C' } },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          if (error.code === 'ENOENT') reject(new InputError('git_not_found', 'git is not installed or not on PATH'));
          else if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') reject(new InputError('git_output_too_large', `git ${args[0]} printed more than ${MAX_GIT_OUTPUT_BYTES} bytes`));
          else reject(error);
          return;
        }
        resolve({ stdout, stderr, code: error ? Number(error.code) : 0 });
      },
    );
  });
}

/** `git <args>` that must succeed: its stdout, or an InputError with git's own first line. */
export async function gitOk(cwd: string, args: readonly string[], code = 'git_failed'): Promise<string> {
  const result = await git(cwd, args);
  if (result.code !== 0) throw new InputError(code, `git ${args.join(' ')}: ${firstLine(result.stderr) || `exit ${result.code}`}`);
  return result.stdout;
}

export function firstLine(text: string): string {
  return text.trim().split('\n', 1)[0]?.replace(/^(?:fatal|error): /, '') ?? '';
}
