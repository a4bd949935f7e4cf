// `mmspec new-model NAME --from BASE [--out FILE]`: writes a model file of the user's own that
// extends a registered model, every decision point listed and documented (models/newModelFile.ts).
// Exit status 0 written, 2 misuse (unknown base, a registered model's name, a file already there).

import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Command } from '@commander-js/extra-typings';
import type { CliContext } from './_internals/io.js';
import { DEFAULT_MODEL, REGISTERED, findModel } from '../../models/registry.js';
import { newModelFile } from '../../models/newModelFile.js';
import { unknownName } from '../uapi/closest.js';

/** `my-NAME` (or `my-NAME-2`, ...): a name no registered or planted model has. */
function freeName(name: string): string {
  const base = `my-${name.replace(/^planted:/, '')}`;
  let candidate = base;
  for (let n = 2; findModel(candidate) !== undefined; n++) candidate = `${base}-${n}`;
  return candidate;
}

export function newModelCommand(ctx: CliContext, done: (status: number) => void) {
  return new Command('new-model')
    .description('write a model file (TypeScript) that extends a registered model')
    .argument('<name>', 'the name of the new model')
    .option('--from <model>', 'the registered model it extends', DEFAULT_MODEL)
    .option('--out <file>', 'where to write it (default ./NAME.ts)')
    .action(async (name, flags) => {
      const known = REGISTERED.map((m) => m.name);
      const out = flags.out ?? `${name}.ts`;
      const fail = (message: string) => {
        ctx.stderr.write(`mmspec new-model: ${message}\n`);
        done(2);
      };
      if (!known.includes(flags.from)) return fail(unknownName('model', flags.from, known));
      if (!/^[A-Za-z0-9][A-Za-z0-9._:-]*$/.test(name))
        return fail(`a model name is letters, digits, '.', '-', '_' or ':', got '${name}'`);
      // Every command refuses a model file named as a registered or planted model is (the two
      // would read as one in every report): said now, not at the file's first use.
      if (findModel(name) !== undefined)
        return fail(
          `'${name}' is the name of a registered or planted model; a model file needs a name of its own, such as ${freeName(name)}`,
        );
      if (existsSync(out)) return fail(`${out} exists; choose another --out`);
      await writeFile(out, newModelFile(name, flags.from));
      ctx.stdout.write(`wrote ${out}: edit its decisions, then mmspec run --model ${out} ...\n`);
      done(0);
    });
}
