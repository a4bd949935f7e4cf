// mlock2-flags and mlockall-flags: every flag value, valid and invalid, from every start state
// of def_flags and of an existing mapping -> errno, def_flags, the mapping's lock bits, pages.

import { cell, type CellScript } from '../cellScript.js';
import type { RowSpec, TableSpec } from '../tableSpec.js';
import { DEF_FLAGS_STARTS, VMA_LOCK_STARTS } from './_internals/mappingKinds.js';
import { numberedRows } from './_internals/numberedRows.js';

/**
 * The start: a 4-page mapping in the given lock state with its first page present, then
 * def_flags set (mlockall(MCL_FUTURE...) alone leaves existing VMAs as they are).
 */
function start(vma: { readonly call?: string }, def: { readonly call?: string }): CellScript {
  const s = cell()
    .stmt('a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)')
    .stmt('write(a, 1)');
  if (vma.call !== undefined) s.stmt(`${vma.call} = 0`);
  if (def.call !== undefined) s.stmt(`${def.call} = 0`);
  return s;
}

function rowsFor(values: readonly string[], call: (flags: string) => string): () => RowSpec[] {
  return numberedRows((add) => {
    for (const def of DEF_FLAGS_STARTS)
      for (const vma of VMA_LOCK_STARTS)
        for (const flags of values) {
          const s = start(vma, def)
            .result('result', call(flags))
            .defFlags('def_flags')
            .lock('VmFlags', 'a')
            .pages('pages', 'a', '4P')
            .vmLck('VmLck');
          add([def.label, vma.label, flags], s);
        }
  });
}

const OUTPUTS = ['result', 'def_flags', 'VmFlags', 'pages', 'VmLck'];

const mlock2Flags: TableSpec = {
  name: 'mlock2-flags',
  title: 'mlock2: every flag value from every start state',
  summary:
    'mlock2(a, 4P, flags) on a 4-page mapping whose first page is present, for each start ' +
    'state of def_flags and of the mapping, with valid (0, MLOCK_ONFAULT) and invalid flags.',
  sources: [
    'mm/mlock.c:SYSCALL_DEFINE3(mlock2) (flags other than MLOCK_ONFAULT: EINVAL)',
    'mm/mlock.c:do_mlock, apply_vma_lock_flags (lock bits replaced, not added)',
  ],
  inputs: ['def_flags before', 'mapping before', 'flags'],
  outputs: OUTPUTS,
  rows: rowsFor(['0', 'MLOCK_ONFAULT', '0x2', '0x3', '0x100'], (f) => `mlock2(a, 4P, ${f})`),
};

const mlockallFlags: TableSpec = {
  name: 'mlockall-flags',
  title: 'mlockall: every flag value from every start state',
  summary:
    'mlockall(flags) on a process with a 4-page mapping whose first page is present, for each ' +
    'start state of def_flags and of the mapping, every combination of MCL_CURRENT, ' +
    'MCL_FUTURE and MCL_ONFAULT and an unknown bit.',
  sources: [
    'mm/mlock.c:SYSCALL_DEFINE1(mlockall) (0, unknown bits and MCL_ONFAULT alone: EINVAL)',
    'mm/mlock.c:apply_mlockall_flags',
  ],
  inputs: ['def_flags before', 'mapping before', 'flags'],
  outputs: OUTPUTS,
  rows: rowsFor(
    ['0', '1', '2', '3', '4', '5', '6', '7', '8'].map((v) => {
      const n = Number(v);
      const names = [
        n & 1 ? 'MCL_CURRENT' : '',
        n & 2 ? 'MCL_FUTURE' : '',
        n & 4 ? 'MCL_ONFAULT' : '',
      ].filter((x) => x !== '');
      return n === 0 || n === 8 ? v : names.join('|');
    }),
    (f) => `mlockall(${f})`,
  ),
};
export const lockFlagsTables: readonly TableSpec[] = [mlock2Flags, mlockallFlags];
