// The bound a command's --bound names: a named bound of src/check/kernelBounds.ts, keys over
// the default one (`regions=3,pages=4,depth=5,...`, src/check/parseBound.ts), or a named bound
// with keys after it: `small,depth=2`, or `small+depth=2` as reports print the bound they ran.

import { DEFAULT_KERNEL_BOUND, KERNEL_BOUNDS } from './kernelBounds.js';
import type { KernelBound } from './kernelBound.js';
import { BOUND_KEYS, emptyItem, parseBound } from './parseBound.js';
import { didYouMean } from '../uapi/closest.js';

/** A --bound the explorer cannot use; the message names the known bounds. */
export class BadBoundError extends Error {}

const NAMES = KERNEL_BOUNDS.map((b) => b.name);

export function resolveBound(text: string | undefined): KernelBound {
  if (text === undefined) return DEFAULT_KERNEL_BOUND;
  try {
    return resolve(text);
  } catch (error) {
    throw new BadBoundError(
      `${error instanceof Error ? error.message : String(error)} (named bounds: ${NAMES.join(', ')})`,
    );
  }
}

function resolve(text: string): KernelBound {
  if (text.trim() === '') throw new RangeError('--bound is empty');
  const items = text.split(',');
  // Here, as parseBound would quote only the items after a name.
  if (items.includes('')) throw emptyItem(text);
  const late = items.slice(1).find((item) => NAMES.includes(item));
  if (late !== undefined)
    throw new RangeError(
      NAMES.includes(items[0] ?? '')
        ? `--bound: one named bound at most, then key=value items; got '${items[0] ?? ''}' and '${late}'`
        : `--bound: the named bound '${late}' comes first, before the keys (${[late, ...items.filter((i) => i !== late)].join(',')})`,
    );
  // The first item, up to `,` or `+`, is a named bound unless `=` follows it; `threads` is both.
  const [, first = '', sep = ''] = /^([^=,+]*)([,+]?)/.exec(text) ?? [];
  const isKey = BOUND_KEYS.includes(first) && !NAMES.includes(first);
  if (first === '' || isKey || text[first.length] === '=')
    return parseBound(text, DEFAULT_KERNEL_BOUND);
  const named = KERNEL_BOUNDS.find((b) => b.name === first);
  if (named === undefined)
    throw new RangeError(
      `--bound: unknown bound '${first}'${didYouMean(first, [...NAMES, ...BOUND_KEYS])} (expected a named bound, key=value items of ${BOUND_KEYS.join(', ')}, or a named bound then items: small,depth=2)`,
    );
  if (sep === '') return named;
  // `small+` or `small,` with nothing after: the item missing is the whole of what was typed.
  if (text.length === first.length + 1) throw emptyItem(text);
  return parseBound(text.slice(first.length + 1), named);
}
