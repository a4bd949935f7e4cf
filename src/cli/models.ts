// `mmspec models`: the models a trace can run on, with where each comes from.

import { Command } from '@commander-js/extra-typings';
import type { CliContext } from './_internals/io.js';
import { listModels } from '../../models/registry.js';
import { jsonOption } from './_internals/sharedOptions.js';

export function modelsCommand(ctx: CliContext, done: (status: number) => void) {
  return new Command('models')
    .description('list the kernel models and proposals traces can run on')
    .addOption(jsonOption())
    .action((flags) => {
      const models = listModels();
      if (flags.json === true) {
        ctx.stdout.write(`${JSON.stringify(models, null, 2)}\n`);
      } else if (models.length === 0) {
        ctx.stdout.write('no models are registered yet\n');
      } else {
        const width = Math.max(...models.map((m) => m.name.length));
        let kind = '';
        for (const m of models) {
          if (m.kind !== kind && m.kind === 'planted')
            ctx.stdout.write(
              '\nplanted bugs (each plants one wrong decision, to show the checks fail):\n',
            );
          kind = m.kind;
          const pad = ' '.repeat(width);
          ctx.stdout.write(`${m.name.padEnd(width)}  ${m.description}\n`);
          ctx.stdout.write(`${pad}  provenance: ${m.provenance}\n`);
          if (m.base !== undefined)
            ctx.stdout.write(
              `${pad}  base ${m.base}; overrides ${m.overrides.join(', ') || 'nothing'}\n`,
            );
          if (m.constants.length > 0) ctx.stdout.write(`${pad}  adds ${m.constants.join(', ')}\n`);
        }
        ctx.stdout.write(
          '\nany command also takes --model PATH: a file of your own that extends one of these\n',
        );
      }
      done(0);
    });
}
