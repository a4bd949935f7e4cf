// The options several commands declare, each worded once: `--json` of every command that can
// print JSON, the bound and limits of the exploring commands (check, diff, review), and the
// `--model` of the commands that run a trace (run, draw) and of those that work on one model
// (check, spec, conform, coverage).

import { Option } from '@commander-js/extra-typings';
import { DEFAULT_MODEL } from '../../../models/registry.js';
import { WORKERS_HELP } from './workers.js';

/** `--json`: one JSON document on standard output instead of text. */
export const jsonOption = () => new Option('--json', 'print one JSON document instead of text');

/** `--bound`: a named bound, its keys, or both (src/check/resolveBound.ts). */
export const boundOption = () =>
  new Option(
    '--bound <bound>',
    'a named bound (default, small, def-nohugepage, threads, arguments), key=value items over the default bound, ' +
      'or a named bound then items (small,depth=2; a report prints it small+depth=2, which --bound takes too); ' +
      'keys, each once: regions=1..4, pages=1..8 (of the largest region), depth=0 or more (calls), ' +
      "file=0..8 (pages of the tmpfile, 0 for none), setups=N (the first N initial processes of the bound; default's 3 are privileged, unprivileged with a 2-page RLIMIT_MEMLOCK, with 0), " +
      'threads=1..2, calls=, env=, args=edge (README "The model checker"); ' +
      'env=oom+sigbus+retry+noprogress+hwpoison lets the environment fail faults (off by default); ' +
      'threads=2: a prefix, then two threads interleaved at the lock boundaries, depth counting calls; calls=+brk+execve adds those calls (brk: a heap of its own); calls=+setrlimit+capset lowers RLIMIT_MEMLOCK and drops CAP_IPC_LOCK mid-run; args=edge adds, for each call family, the arguments its validation refuses or rounds (unaligned, zero, beyond TASK_SIZE, wrapping, unknown flags and advice, MREMAP_FIXED moves)',
  );

/** `--max-states`: where an exploration stops; `what` it counts (`states`, `pairs of states`). */
export const maxStatesOption = (what = 'states') =>
  new Option('--max-states <n>', `stop after n ${what}`);

/** `--workers`: the worker threads of an exhaustive search (workers.ts checks the value). */
export const workersFlag = () => new Option('--workers <n>', WORKERS_HELP);

/** `--model` of a command that runs a trace: it wins over the trace's own `model` line. */
export const traceModelOption = () =>
  new Option('--model <name>', "the model to run on (overrides the trace's model directive)");

/**
 * `--model` of a command that works on one model: every name the registry resolves (a
 * registered model, planted:NAME, a model file), linux-6.18 when absent. `role` says what the
 * command does with it (`to explore`, `held to the kernel`).
 */
export const modelOption = (role: string) =>
  new Option(
    '--model <name>',
    `the model ${role}: a registered name, planted:NAME or a model file`,
  ).default(DEFAULT_MODEL);

/** The parser of an option given again and again (`--model a --model b`): every value, in order. */
export const collect = (value: string, previous: readonly string[] = []): string[] => [
  ...previous,
  value,
];
