// The command line both side-by-side commands (`mmspec diff`, `mmspec review`) start from: two
// models A and B, and the bound, limit, workers and JSON options of an exploration.

import { Command } from '@commander-js/extra-typings';
import { boundOption, jsonOption, maxStatesOption, workersFlag } from './sharedOptions.js';

interface TwoModelHelp {
  readonly description: string;
  readonly a: string;
  readonly b: string;
  /** What --max-states counts. */
  readonly counted: string;
}

const HELP: Record<'diff' | 'review', TwoModelHelp> = {
  diff: {
    description:
      'run two models side by side within a bound: the shortest trace that tells them apart, or none',
    a: 'model A (planted:NAME for the planted bugs of proofs/)',
    b: 'model B, the one the printed trace fails on',
    counted: 'pairs of states',
  },
  review: {
    description:
      'review two flag designs: every kind of difference, invariants and laws on both, flag flow',
    a: 'model A (a registered name or a model file)',
    b: 'model B',
    counted: 'states in each exploration',
  },
};

export function twoModelCommand(name: keyof typeof HELP) {
  const help = HELP[name];
  return new Command(name)
    .description(help.description)
    .argument('<model-a>', help.a)
    .argument('<model-b>', help.b)
    .addOption(boundOption())
    .addOption(maxStatesOption(help.counted))
    .addOption(workersFlag())
    .addOption(jsonOption());
}
