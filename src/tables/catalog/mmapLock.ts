// mmap-lock: what mmap does with MAP_LOCKED, MAP_POPULATE and MAP_NONBLOCK on each kind of
// mapping, with and without PROT_NONE, under no mlockall and under MCL_FUTURE(|MCL_ONFAULT).

import { cell } from '../cellScript.js';
import type { TableSpec } from '../tableSpec.js';
import { MAPPING_KINDS } from './_internals/mappingKinds.js';
import { type AddRow, numberedRows } from './_internals/numberedRows.js';

const MLOCKALL = [
  { label: 'none' },
  { label: 'MCL_FUTURE', call: 'mlockall(MCL_FUTURE)' },
  { label: 'MCL_FUTURE|MCL_ONFAULT', call: 'mlockall(MCL_FUTURE|MCL_ONFAULT)' },
] as const;
const PROTS = ['PROT_READ|PROT_WRITE', 'PROT_NONE'] as const;
const yesNo = (b: boolean) => (b ? 'yes' : '-');

function addRows(add: AddRow): void {
  for (const before of MLOCKALL)
    for (const kind of MAPPING_KINDS)
      for (const prot of PROTS)
        for (const locked of [false, true])
          for (const populate of [false, true])
            for (const nonblock of [false, true]) {
              const extra = [
                locked ? 'MAP_LOCKED' : '',
                populate ? 'MAP_POPULATE' : '',
                nonblock ? 'MAP_NONBLOCK' : '',
              ]
                .filter((f) => f !== '')
                .join('|');
              const s = cell();
              if ('call' in before) s.stmt(`${before.call} = 0`);
              kind.map(s, 'a', 4, prot, extra);
              s.lock('VmFlags', 'a').pages('pages', 'a', '4P').vmLck('VmLck');
              add(
                [
                  before.label,
                  kind.label,
                  prot === 'PROT_NONE' ? 'PROT_NONE' : 'RW',
                  yesNo(locked),
                  yesNo(populate),
                  yesNo(nonblock),
                ],
                s,
              );
            }
}

export const mmapLock: TableSpec = {
  name: 'mmap-lock',
  title: 'mmap: MAP_LOCKED, MAP_POPULATE and MAP_NONBLOCK',
  summary:
    'A 4-page mmap with each combination of MAP_LOCKED, MAP_POPULATE and MAP_NONBLOCK, on each ' +
    'kind of mapping, read-write or PROT_NONE, after no mlockall, mlockall(MCL_FUTURE) or ' +
    'mlockall(MCL_FUTURE|MCL_ONFAULT): the result, the VMA lock bits, the pages and VmLck.',
  sources: [
    'mm/mmap.c:do_mmap (MAP_LOCKED, def_flags, MAP_POPULATE without MAP_NONBLOCK)',
    'mm/util.c:vm_mmap_pgoff (mm_populate when VM_LOCKED or MAP_POPULATE)',
    'mm/gup.c:populate_vma_page_range (PROT_NONE skipped, VM_LOCKONFAULT not populated)',
  ],
  inputs: ['mlockall', 'mapping', 'prot', 'MAP_LOCKED', 'MAP_POPULATE', 'MAP_NONBLOCK'],
  outputs: ['mmap', 'VmFlags', 'pages', 'VmLck'],
  rows: numberedRows(addRows),
};
