// The keys of `--bound` over a base bound: `regions=3,pages=4,depth=4,file=3,calls=+brk,...`.
// Each item is one key=value and each key comes once: a user who wrote `regions=2=3` or
// `regions=2,regions=3` meant something the bound would otherwise quietly not be.

import type { EnvFault } from '../uapi/injection.js';
import { didYouMean } from '../uapi/closest.js';
import { counted } from '../trace/counted.js';
import {
  BOUND_RANGES,
  checkBound,
  rangeText,
  type CallFamily,
  type KernelBound,
} from './kernelBound.js';

/** The names of `--bound env=`, and the failure each chooses (src/uapi/injection.ts). */
export const ENV_KEYS: ReadonlyMap<string, EnvFault> = new Map([
  ['oom', 'VM_FAULT_OOM'],
  ['sigbus', 'VM_FAULT_SIGBUS'],
  ['retry', 'VM_FAULT_RETRY'],
  ['noprogress', 'VM_FAULT_RETRY_FOREVER'],
  ['hwpoison', 'VM_FAULT_HWPOISON'],
] as const);

function parseEnv(value: string): EnvFault[] {
  return value.split('+').map((name) => {
    const fault = ENV_KEYS.get(name);
    if (fault === undefined)
      throw new RangeError(
        `--bound env: unknown failure '${name}'${didYouMean(name, ENV_KEYS.keys())} (${[...ENV_KEYS.keys()].join(', ')}, joined with +)`,
      );
    return fault;
  });
}

/** The keys of `--bound` that set a whole number, and the field each sets. */
const NUMBER_KEYS: ReadonlyMap<string, 'regions' | 'pages' | 'depth' | 'filePages' | 'threads'> =
  new Map([
    ['regions', 'regions'],
    ['pages', 'pages'],
    ['depth', 'depth'],
    ['file', 'filePages'],
    ['threads', 'threads'],
  ] as const);

/** Each key of `--bound` with the value it takes, in the order its messages list them. */
const KEY_FORMS: ReadonlyMap<string, string> = new Map([
  ...[...NUMBER_KEYS].map(([key, field]): [string, string] => [
    key,
    `${key}=${rangeText(BOUND_RANGES[field])}`,
  ]),
  ['calls', 'calls=FAMILY+FAMILY (or calls=+FAMILY to add)'],
  ['setups', 'setups=N (the first N initial processes)'],
  ['env', `env=${[...ENV_KEYS.keys()].join('+')}`],
  ['args', 'args=edge'],
]);

/** The keys `--bound` takes. */
export const BOUND_KEYS: readonly string[] = [...KEY_FORMS.keys()];

const unknownKey = (key: string) =>
  new RangeError(
    `--bound: unknown key '${key}'${didYouMean(key, BOUND_KEYS)} (${BOUND_KEYS.join(', ')})`,
  );

/** The refusal of `a=1,,b=2`, `a=1,` and `,a=1`, quoting the whole of `text`. */
export const emptyItem = (text: string): RangeError =>
  new RangeError(
    `--bound: an empty item in '${text}' (two commas, or one at an end); expected key=value items separated by single commas`,
  );

/** One item's key and value, refusing what is not exactly key=value with a known key. */
function splitItem(item: string, text: string): [string, string] {
  if (item === '') throw emptyItem(text);
  const [key = '', value, ...more] = item.split('=');
  const form = KEY_FORMS.get(key);
  if (form === undefined) throw unknownKey(key);
  if (value === undefined || more.length > 0)
    throw new RangeError(`--bound: malformed item '${item}'; expected ${form}`);
  return [key, value];
}

/**
 * Parses `regions=3,pages=4,depth=4,file=3,calls=mlock+munlock,env=oom+sigbus` over a base;
 * `calls=+brk` adds to the base's families. The bound is named `BASE+TEXT`, which
 * src/check/resolveBound.ts reads back.
 */
export function parseBound(text: string, base: KernelBound): KernelBound {
  let b: KernelBound = { ...base, name: `${base.name}+${text}` };
  const seen = new Set<string>();
  for (const item of text.split(',')) {
    const [key, value] = splitItem(item, text);
    if (seen.has(key))
      throw new RangeError(`--bound: ${key} is given twice; expected each key once`);
    seen.add(key);
    const num = (range: readonly [number, number], why = '') => {
      const n = Number(value);
      if (!/^\d+$/.test(value))
        throw new RangeError(`--bound ${key} takes a whole number, got '${value}'`);
      if (n < range[0] || n > range[1])
        throw new RangeError(`--bound ${key} takes ${rangeText(range)}${why}, got ${value}`);
      return n;
    };
    const field = NUMBER_KEYS.get(key);
    if (field !== undefined) {
      b = { ...b, [field]: num(BOUND_RANGES[field]) };
      continue;
    }
    switch (key) {
      case 'calls':
        // `calls=+brk+execve` adds families to the base bound's; `calls=mlock+munlock` replaces them.
        b = value.startsWith('+')
          ? { ...b, calls: [...b.calls, ...(value.slice(1).split('+') as CallFamily[])] }
          : { ...b, calls: value.split('+') as CallFamily[] };
        break;
      case 'setups':
        // The first N of the base's initial processes: no more than it has.
        b = {
          ...b,
          setups: base.setups.slice(
            0,
            num(
              [1, base.setups.length],
              ` (bound '${base.name}' has ${counted(base.setups.length, 'initial process', 'initial processes')}; setups=N keeps the first N)`,
            ),
          ),
        };
        break;
      case 'env':
        b = { ...b, env: parseEnv(value) };
        break;
      case 'args':
        if (value !== 'edge') throw new RangeError(`--bound args takes 'edge', got '${value}'`);
        b = { ...b, edgeArguments: true };
    }
  }
  checkBound(b);
  return b;
}
