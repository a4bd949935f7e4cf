// What a call that changes one of the process's credentials or limits leaves: the mm as it
// was but for that one field. capset(2) and setrlimit(2) touch no mapping, page, counter or
// other limit (kernel/capability.c:SYSCALL_DEFINE2(capset) commits new creds; kernel/sys.c:
// do_prlimit stores one rlimit), so every other field of the mm must be the same value, and
// every other process, page and file the same object.

import type { KernelState, Mm } from '../../../src/kernel/state.js';

/** The same value, or arrays of the same values (a step copies the VMA list it may change). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}

/** Whether `after` is `before` with at most the mm fields `fields` of the current process changed. */
export function onlyFieldsChanged(
  before: KernelState,
  after: KernelState,
  fields: readonly (keyof Mm)[],
): boolean {
  const top = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof KernelState)[]);
  for (const k of top) if (k !== 'procs' && after[k] !== before[k]) return false;
  if (before.procs.length !== after.procs.length) return false;
  const last = before.procs.length - 1;
  for (let i = 0; i < last; i++) if (before.procs[i] !== after.procs[i]) return false;
  const b = before.procs[last];
  const a = after.procs[last];
  if (b === undefined || a === undefined) return false;
  const keys = new Set([...Object.keys(b), ...Object.keys(a)] as (keyof Mm)[]);
  for (const k of keys) if (!fields.includes(k) && !same(a[k], b[k])) return false;
  return true;
}
