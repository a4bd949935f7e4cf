// mlockall-order: every pair of distinct valid mlockall calls, made in both orders, and what
// each order leaves: def_flags, the existing mapping's lock bits and pages, and a mapping made
// afterwards. A pair whose two orders leave different states is marked.

import { cell } from '../cellScript.js';
import type { TableSpec } from '../tableSpec.js';
import { type AddRow, numberedRows } from './_internals/numberedRows.js';

const VALID = [
  'MCL_CURRENT',
  'MCL_FUTURE',
  'MCL_CURRENT|MCL_FUTURE',
  'MCL_CURRENT|MCL_ONFAULT',
  'MCL_FUTURE|MCL_ONFAULT',
  'MCL_CURRENT|MCL_FUTURE|MCL_ONFAULT',
] as const;

function pair(first: string, second: string) {
  return cell()
    .stmt('a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)')
    .stmt('write(a, 1)')
    .result('result 1', `mlockall(${first})`)
    .result('result 2', `mlockall(${second})`)
    .defFlags('def_flags')
    .lock('a: VmFlags', 'a')
    .pages('a: pages', 'a', '4P')
    .stmt('b = mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)')
    .lock('b: VmFlags', 'b')
    .pages('b: pages', 'b', '2P');
}

function addRows(add: AddRow): void {
  VALID.forEach((x, i) => VALID.slice(i + 1).forEach((y) => add([x, y], pair(x, y), pair(y, x))));
}

/** The columns that state what the calls left (the calls' own results excluded). */
const STATE_FROM = 2;

export const mlockallOrder: TableSpec = {
  name: 'mlockall-order',
  title: 'mlockall: does the order of two calls matter?',
  summary:
    'Two mlockall calls on a process with one 4-page mapping whose first page is present, in ' +
    'both orders; b is mapped after both. A pair is order-dependent when the two orders leave ' +
    'a different def_flags, lock bits or pages.',
  sources: [
    'mm/mlock.c:apply_mlockall_flags (def_flags lock bits cleared, MCL_FUTURE sets them, ' +
      'MCL_FUTURE alone leaves the VMAs)',
  ],
  inputs: ['first', 'second'],
  variants: ['X then Y', 'Y then X'],
  variantInputs: (inputs, variant) => (variant === 0 ? inputs : [...inputs].reverse()),
  outputs: [
    'result 1',
    'result 2',
    'def_flags',
    'a: VmFlags',
    'a: pages',
    'b: VmFlags',
    'b: pages',
  ],
  derived: {
    header: 'order matters',
    of: (variants) => {
      const [xy, yx] = variants;
      const same =
        (xy ?? []).slice(STATE_FROM).join('\t') === (yx ?? []).slice(STATE_FROM).join('\t');
      return same ? 'no' : 'YES';
    },
  },
  rows: numberedRows(addRows),
};
