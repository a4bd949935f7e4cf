// The exit statuses of each command, as its --help lists them (and README.md repeats). Every
// command shares 2 (misuse: the message is one line on stderr), 130 (interrupted by Ctrl-C:
// the long runs print what they found first) and 143 (SIGTERM, as Ctrl-C).

const COMMON = [
  '  2    misuse: a bad option or value, an unknown model, a trace that cannot be run',
  '  130  interrupted (Ctrl-C); check, diff and conform print what they found first',
  '  143  stopped by SIGTERM (a timeout, a batch system): as for Ctrl-C',
];

const BY_COMMAND: Readonly<Record<string, readonly string[]>> = {
  mmspec: ['  0    success', '  1    the command found a failure (see each command)'],
  run: [
    '  0    every expectation and check held (with --compare: kernel and model agreed)',
    '  1    an expectation or check failed, or (--compare) they differed',
  ],
  models: ['  0    the models were listed'],
  conform: [
    '  0    no disagreement, and something was compared',
    '  1    a disagreement, or nothing could be compared (all unsupported)',
  ],
  spec: ['  0    no mismatch between statecharts and model', '  1    mismatches'],
  graph: ['  0    the diagram was written'],
  check: [
    '  0    every property held within the bound',
    '  1    a property was violated, or left unknown by a run stopped early',
  ],
  merge: [
    '  0    every property held in every part, all parts present',
    '  1    a property was violated, or is unknown (a part missing or stopped early)',
  ],
  diff: [
    '  0    no observable difference within the bound',
    '  1    a difference, or the search stopped before covering the bound',
  ],
  review: [
    '  0    no observable difference between the models within the bound (the verdicts of the',
    '       laws and invariants, listed in the report, do not set it)',
    '  1    the models differ, or the search stopped before covering the bound',
  ],
  table: [
    '  0    the tables were written or printed; with --verify, no cell disagreed',
    '  1    (--verify) a cell disagreed with its model',
  ],
  draw: ['  0    drawn'],
  report: ['  0    the site was built'],
  'new-model': ['  0    the model file was written'],
  'run-c': [
    '  0    every program exited 0 on every kernel (a kselftest may skip: KSFT_SKIP)',
    '  1    a program exited non-zero or was killed (a reproducer saw the kernel differ, a kselftest failed)',
  ],
};

/** The "Exit status:" block for `command`'s help. */
export function exitStatusHelp(command: string): string {
  const own = BY_COMMAND[command] ?? BY_COMMAND.mmspec ?? [];
  return ['', 'Exit status:', ...own, ...COMMON].join('\n');
}
