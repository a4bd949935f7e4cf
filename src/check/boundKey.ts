// The bound a report names, as one string of its fields: `default+regions=2,pages=2` and
// `default+pages=2,regions=2` are one bound, and `mmspec merge` must take their parts together.

import { KERNEL_BOUNDS } from './kernelBounds.js';
import { parseBound } from './parseBound.js';

/**
 * The fields of the bound named `name` (a named bound, or one with keys after `+`), calls as a
 * set; the name itself where it names no bound this installation can read.
 */
export function boundKey(name: string): string {
  const plus = name.indexOf('+');
  const base = KERNEL_BOUNDS.find((b) => b.name === (plus < 0 ? name : name.slice(0, plus)));
  if (base === undefined) return name;
  try {
    const {
      name: _name,
      calls,
      ...fields
    } = plus < 0 ? base : parseBound(name.slice(plus + 1), base);
    return JSON.stringify({ ...fields, calls: [...new Set(calls)].sort() });
  } catch {
    return name;
  }
}
