// Argument vectors for every command, each with exactly one fault: an unknown option, a value
// outside the option's documented range, an unknown model, a missing value or file, or an
// extra argument. Whatever else the vector holds is valid, so each must end in status 2 with
// one line on stderr, before any long work starts.

import fc from 'fast-check';

/** An option with values it accepts and values it must refuse. */
interface OptionSpec {
  readonly name: string;
  readonly valid: readonly string[];
  readonly invalid: readonly string[];
}

const flag = (name: string): OptionSpec => ({ name, valid: [], invalid: [] });
const NUMBER_GARBAGE = [
  'x',
  '-1',
  '1.5',
  '',
  '1e3',
  '0x10',
  '99999999999999999999',
  ' 1',
  '\u0007',
];

interface CommandSpec {
  readonly positional: readonly string[];
  readonly options: readonly OptionSpec[];
  /** Whether extra positional arguments are refused (commands that take a fixed number). */
  readonly fixedArity: boolean;
}

const MODEL = {
  name: '--model',
  valid: ['linux-6.18'],
  invalid: ['nosuch', 'planted:nosuch', '\u001b[31m', './no/such/model.js'],
};

export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  run: { positional: ['t.mmt'], fixedArity: false, options: [MODEL, flag('--json')] },
  models: { positional: [], fixedArity: true, options: [flag('--json')] },
  conform: {
    positional: [],
    fixedArity: true,
    options: [
      MODEL,
      { name: '--reference', valid: ['linux-6.18'], invalid: ['nosuch'] },
      { name: '--depth', valid: ['0', '1'], invalid: NUMBER_GARBAGE },
      { name: '--random', valid: ['0', '5'], invalid: NUMBER_GARBAGE },
      { name: '--seed', valid: ['1', '20261203'], invalid: NUMBER_GARBAGE },
      { name: '--max-steps', valid: ['3'], invalid: NUMBER_GARBAGE },
      { name: '--jobs', valid: ['1', '2'], invalid: [...NUMBER_GARBAGE, '0'] },
      { name: '--litmus', valid: ['spec/litmus'], invalid: ['/no/such/dir'] },
      flag('--json'),
    ],
  },
  spec: {
    positional: [],
    fixedArity: true,
    options: [
      MODEL,
      {
        name: '--bound',
        valid: ['1x1', '2x2'],
        invalid: ['2', '0x0', '9x9', '1x', 'x1', '2x2x2', '4x1', '1x5', ''],
      },
      { name: '--depth', valid: ['0', '3'], invalid: [...NUMBER_GARBAGE, '6', '1000'] },
      flag('--json'),
    ],
  },
  graph: {
    positional: [],
    fixedArity: true,
    options: [
      {
        name: '--machine',
        valid: ['vmaLock', 'defFlags', 'mm'],
        invalid: ['nosuch', '', '\u0000'],
      },
      { name: '--format', valid: ['dot', 'mermaid'], invalid: ['png', '', 'SVG'] },
    ],
  },
  check: {
    positional: [],
    fixedArity: true,
    options: [
      MODEL,
      {
        name: '--bound',
        valid: ['small', 'regions=1,pages=1,depth=1'],
        invalid: ['regions=9', 'bogus', '', 'depth=x', 'calls=nosuch', 'regions=1,pages=0'],
      },
      { name: '--prop', valid: ['lockedVmMatchesLockedVmas'], invalid: ['noSuchProperty'] },
      { name: '--max-states', valid: ['100'], invalid: [...NUMBER_GARBAGE, '0'] },
      { name: '--max-memory', valid: ['4000'], invalid: [...NUMBER_GARBAGE, '0'] },
      { name: '--workers', valid: ['1'], invalid: [...NUMBER_GARBAGE, '0', '64'] },
      { name: '--random', valid: ['3'], invalid: [...NUMBER_GARBAGE, '0'] },
      { name: '--seed', valid: ['7'], invalid: NUMBER_GARBAGE },
      flag('--json'),
    ],
  },
  diff: {
    positional: ['linux-6.18', 'planted:map-populate-foll'],
    fixedArity: true,
    options: [
      { name: '--bound', valid: ['small'], invalid: ['regions=9', 'bogus', ''] },
      { name: '--max-states', valid: ['100'], invalid: [...NUMBER_GARBAGE, '0'] },
      { name: '--workers', valid: ['1'], invalid: [...NUMBER_GARBAGE, '0', '64'] },
      flag('--json'),
    ],
  },
};

type Fault =
  | { readonly kind: 'value'; readonly option: string; readonly value: string }
  | { readonly kind: 'unknown-option'; readonly text: string }
  | { readonly kind: 'missing-value'; readonly option: string }
  | { readonly kind: 'extra'; readonly text: string }
  | { readonly kind: 'missing-positional' }
  | { readonly kind: 'unknown-command'; readonly text: string };

function faults(command: string, spec: CommandSpec): fc.Arbitrary<Fault> {
  const withValues = spec.options.filter((o) => o.invalid.length > 0);
  const choices: fc.Arbitrary<Fault>[] = [
    fc
      .constantFrom('--nosuch', '-z', '--jsonn', '--\u001b', '--modle=x')
      .map((text) => ({ kind: 'unknown-option', text }) as Fault),
  ];
  if (withValues.length > 0) {
    choices.push(
      fc
        .constantFrom(...withValues)
        .chain((o) =>
          fc
            .constantFrom(...o.invalid)
            .map((value): Fault => ({ kind: 'value', option: o.name, value })),
        ),
      fc.constantFrom(...withValues).map((o): Fault => ({ kind: 'missing-value', option: o.name })),
    );
  }
  if (spec.fixedArity)
    choices.push(
      fc.constantFrom('extra', '\u0007', '-').map((text): Fault => ({ kind: 'extra', text })),
    );
  if (spec.positional.length > 0) choices.push(fc.constant<Fault>({ kind: 'missing-positional' }));
  if (command === 'run') choices.push(fc.constant<Fault>({ kind: 'extra', text: 'nosuch.mmt' }));
  return fc.oneof(...choices);
}

/** A whole argument vector: the command, valid options in any order, and one fault. */
export const faultyArgv: fc.Arbitrary<string[]> = fc.oneof(
  fc.constantFrom('nosuch', 'rn', '\u0000', '').map((text) => [text]),
  ...Object.entries(COMMANDS).map(([command, spec]) =>
    fc
      .tuple(
        fc
          .subarray([...spec.options])
          .chain((opts) =>
            fc.tuple(
              ...opts.map((o) =>
                o.valid.length === 0
                  ? fc.constant([o.name])
                  : fc.constantFrom(...o.valid).map((v) => [o.name, v]),
              ),
            ),
          ),
        faults(command, spec),
        fc.nat(),
      )
      .map(([valid, fault, at]) => {
        // The faulty option replaces a valid one of the same name, so it is the only value.
        const pairs: string[][] = valid
          .filter((p) => !('option' in fault) || p[0] !== fault.option)
          .map((p) => [...p]);
        const positional =
          fault.kind === 'missing-positional' ? spec.positional.slice(1) : [...spec.positional];
        let tail: string[] = [];
        if (fault.kind === 'value')
          pairs.splice(at % (pairs.length + 1), 0, [fault.option, fault.value]);
        else if (fault.kind === 'unknown-option')
          pairs.splice(at % (pairs.length + 1), 0, [fault.text]);
        else if (fault.kind === 'missing-value') tail = [fault.option];
        else if (fault.kind === 'extra') positional.push(fault.text);
        return [command, ...positional, ...pairs.flat(), ...tail];
      }),
  ),
);
