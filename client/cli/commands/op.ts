import type { Op } from '../../sdk/index.ts';
import { JSON_OPTION, positional, stringOption, type Command } from '../command.ts';
import { InputError } from '../errors.ts';
import { println } from '../io.ts';
import { parseJson, readFileOrStdin } from '../read-input.ts';

export const opCommand: Command = {
  name: 'op',
  summary: 'apply a batch of ops read from a file or stdin',
  positionals: ['id'],
  options: {
    file: { type: 'string', short: 'f', valueName: '<path>', description: 'read the ops from this file instead of stdin (- = stdin)' },
    json: JSON_OPTION,
  },
  details: [
    'The input is either {"ops":[...]} or a bare array [...]. The batch applies fully or not at',
    'all; on a rejected op the error names its index. Example:',
    `  echo '[{"op":"text.append","id":"notes","text":"hello\\n"}]' | artifacts op <id>`,
  ].join('\n'),
  async run(context) {
    const id = positional(context, 0);
    const file = stringOption(context.values, 'file');
    const text = await readFileOrStdin(context.io, file, 'op');
    const ops = opsFrom(parseJson(text, file === undefined || file === '-' ? 'stdin' : file));
    const result = await context.client.ops(id, ops);
    if (context.values['json']) println(context.io.stdout, JSON.stringify(result));
    else println(context.io.stdout, `applied ${result.applied} op${result.applied === 1 ? '' : 's'}`);
  },
};

/**
 * Accepts both shapes people write. The ops themselves are checked by the server, which
 * knows the limits and answers with the offending index.
 */
function opsFrom(input: unknown): Op[] {
  const ops = Array.isArray(input) ? input : typeof input === 'object' && input !== null && 'ops' in input ? input.ops : undefined;
  if (!Array.isArray(ops)) throw new InputError('invalid_request', 'expected {"ops":[...]} or an array of ops');
  return ops as Op[];
}
