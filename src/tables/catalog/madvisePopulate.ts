// madvise-populate: MADV_POPULATE_READ and MADV_POPULATE_WRITE on each kind of mapping and
// protection, and over the ranges population refuses or stops at (a hole, a guard page, a
// PROT_NONE page, a file's end, a VM_IO|VM_PFNMAP mapping, secret memory) -> errno, pages.

import { cell, type CellScript } from '../cellScript.js';
import type { TableSpec } from '../tableSpec.js';
import { PRIVATE_ANON, PRIVATE_FILE, SHARED_ANON, SHARED_FILE } from './_internals/mappingKinds.js';
import { type AddRow, numberedRows } from './_internals/numberedRows.js';

const ADVICE = ['MADV_POPULATE_READ', 'MADV_POPULATE_WRITE'] as const;
const PROTS = [
  ['RW', 'PROT_READ|PROT_WRITE'],
  ['R', 'PROT_READ'],
  ['PROT_NONE', 'PROT_NONE'],
] as const;

const anon4 = (s: CellScript) => PRIVATE_ANON.map(s, 'a', 4, 'PROT_READ|PROT_WRITE', '');

/** `madvise(region, len, advice)` as the result, then the pages of the first `seen` of the region. */
const advise = (s: CellScript, advice: string, region: string, len: string) =>
  s.result('result', `madvise(${region}, ${len}, ${advice})`).pages('pages', region, len);

/** A situation on anonymous `a` of 4 pages: `stmt` first, then advised whole. */
const onAnon4 = (stmt: string) => (s: CellScript, advice: string) =>
  advise(anon4(s).stmt(stmt), advice, 'a', '4P');

/** `f = file`, `region` a shared read-write mapping of `len` over it, then advised whole. */
const onSharedFile =
  (file: string, region: string, len: string) => (s: CellScript, advice: string) =>
    advise(
      s
        .stmt(`f = ${file}`)
        .result('mmap', `${region} = mmap(NULL, ${len}, PROT_READ|PROT_WRITE, MAP_SHARED, f, 0)`),
      advice,
      region,
      len,
    );

/** Ranges population treats specially; each maps `a` (or `v`) and says what to advise. */
const SITUATIONS: readonly {
  readonly label: string;
  readonly mapping: string;
  readonly make: (s: CellScript, advice: string) => CellScript;
}[] = [
  {
    label: 'a hole at page 2',
    mapping: 'private anon',
    // All four pages: that page 3, past the hole, is left unpopulated is the point.
    make: onAnon4('munmap(a + 2P, 1P) = 0'),
  },
  {
    label: 'a guard page at page 2',
    mapping: 'private anon',
    make: onAnon4('madvise(a + 2P, 1P, MADV_GUARD_INSTALL) = 0'),
  },
  {
    label: 'page 2 PROT_NONE',
    mapping: 'private anon',
    make: onAnon4('mprotect(a + 2P, 1P, PROT_NONE) = 0'),
  },
  {
    label: 'pages 2-3 past EOF',
    mapping: 'shared file',
    make: onSharedFile('tmpfile(2P)', 'a', '4P'),
  },
  {
    label: 'VM_IO|VM_PFNMAP ([vvar])',
    mapping: '[vvar]',
    make: (s, adv) => s.stmt('v = existing("[vvar]")').result('result', `madvise(v, 1P, ${adv})`),
  },
  {
    label: 'secret memory',
    mapping: 'memfd_secret',
    make: onSharedFile('memfd_secret(2P)', 's', '2P'),
  },
  {
    label: 'mlock2 MLOCK_ONFAULT before',
    mapping: 'private anon',
    make: onAnon4('mlock2(a, 4P, MLOCK_ONFAULT) = 0'),
  },
];

function addRows(add: AddRow): void {
  for (const adv of ADVICE)
    for (const kind of [PRIVATE_ANON, SHARED_ANON, PRIVATE_FILE, SHARED_FILE])
      for (const [label, prot] of PROTS) {
        const s = advise(kind.map(cell(), 'a', 4, prot, ''), adv, 'a', '4P');
        add([adv, kind.label, label, 'whole mapping'], s);
      }
  for (const adv of ADVICE)
    for (const sit of SITUATIONS) add([adv, sit.mapping, 'RW', sit.label], sit.make(cell(), adv));
}

export const madvisePopulate: TableSpec = {
  name: 'madvise-populate',
  title: 'madvise: MADV_POPULATE_READ and MADV_POPULATE_WRITE',
  summary:
    'madvise(MADV_POPULATE_READ or _WRITE) over a 4-page mapping of each kind and protection, ' +
    'and over ranges that population refuses or stops at: the result and the pages.',
  sources: [
    'mm/madvise.c:madvise_populate (a hole: ENOMEM; -EINTR when a signal is pending)',
    'mm/gup.c:faultin_page_range, check_vma_flags (PROT_NONE, VM_IO|VM_PFNMAP, secretmem)',
  ],
  inputs: ['advice', 'mapping', 'prot', 'range'],
  outputs: ['result', 'pages'],
  rows: numberedRows(addRows),
};
