import { isTemplateName, TEMPLATE_NAMES } from '#shared/templates';
import { JSON_OPTION, requireString, stringOption, type Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { println } from '../io.ts';

export const createCommand: Command = {
  name: 'create',
  summary: 'create an artifact and print its id and url',
  positionals: [],
  options: {
    title: { type: 'string', valueName: '<title>', description: 'title shown to viewers', required: true },
    kind: { type: 'string', valueName: '<kind>', description: "free-form kind, e.g. incident or report (default: the template's, else document)" },
    template: { type: 'string', valueName: '<name>', description: `start from a skeleton: ${TEMPLATE_NAMES.join(', ')}` },
    json: JSON_OPTION,
  },
  details: 'Prints the id on the first line and the live URL on the second, so\n  ID=$(artifacts create --title "Deploy 42" | head -n1)\nworks in scripts.',
  async run(context) {
    const title = requireString(context, 'title', 'create');
    const kind = stringOption(context.values, 'kind');
    const template = stringOption(context.values, 'template');
    if (template !== undefined && !isTemplateName(template)) throw new UsageError(`unknown template '${template}'; templates: ${TEMPLATE_NAMES.join(', ')}`, 'create');
    const created = await context.client.create({ title, ...(kind === undefined ? {} : { kind }), ...(template === undefined ? {} : { template }) });
    if (context.values['json']) println(context.io.stdout, JSON.stringify(created));
    else println(context.io.stdout, `${created.id}\n${created.url}`);
  },
};
