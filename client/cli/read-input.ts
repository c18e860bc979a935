import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { InputError, UsageError } from './errors.ts';
import type { CliIO } from './io.ts';

/** The whole of `--file` (or stdin when the option is absent or `-`), as UTF-8 text. */
export async function readFileOrStdin(io: CliIO, file: string | undefined, command: string): Promise<string> {
  if (file !== undefined && file !== '-') {
    try {
      return await readFile(file, 'utf8');
    } catch (cause: unknown) {
      const reason = cause instanceof Error && 'code' in cause ? String(cause.code) : 'unreadable';
      throw new InputError('file_unreadable', `cannot read ${file} (${reason})`);
    }
  }
  if (io.stdin.isTTY) throw new UsageError('pipe the input into stdin or pass --file <path>', command);
  return readAll(io.stdin);
}

async function readAll(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses JSON text, naming the source in the error. */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new InputError('invalid_json', `${source} is not valid JSON: ${reason}`);
  }
}
