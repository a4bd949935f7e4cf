// The process a trace starts in: what a small static program has before its first statement
// (the special mappings measured on 6.18.44). Only their sizes and
// flags matter; their addresses are the model's own. The rest of the program (text, data,
// bss) is `otherPages`, which only mlockall and VmSize see.

import type { Setup } from '../uapi/engine.js';
import { PageRuns } from './pageRuns.js';
import { PmdRanges } from './pmdRanges.js';
import { PteRuns } from './pteRuns.js';
import {
  type KernelState,
  type Mm,
  type Vma,
  type Vpn,
  newVma,
  vmaWith,
  mmWithVmas,
} from './state.js';
import * as F from '../uapi/vmFlags.js';
import { type VmFlags, vmFlags } from '../uapi/vmFlags.js';
import type { Decisions } from './decisions.js';
import { LINUX_6_18_DECISIONS } from './linuxDecisions.js';

/** VmSize of the executor (src/oracle) before a trace runs, in pages, as measured on 6.18.44:
 * the model's default when no kernel run measured it. */
export const DEFAULT_REST_PAGES = 348;

const MAY = F.VM_MAYREAD | F.VM_MAYWRITE | F.VM_MAYEXEC;

interface Special {
  readonly name: string;
  readonly start: number;
  readonly pages: number;
  readonly flags: number;
}

const SPECIALS: readonly Special[] = [
  { name: '[heap]', start: 0x1e6e3, pages: 34, flags: F.VM_READ | F.VM_WRITE | MAY | F.VM_ACCOUNT },
  {
    name: '[vvar]',
    start: 0x7ff8109ba,
    pages: 4,
    flags: F.VM_READ | F.VM_MAYREAD | F.VM_PFNMAP | F.VM_IO | F.VM_DONTEXPAND | F.VM_DONTDUMP,
  },
  {
    name: '[vvar_vclock]',
    start: 0x7ff8109be,
    pages: 2,
    flags: F.VM_READ | F.VM_MAYREAD | F.VM_PFNMAP | F.VM_IO | F.VM_DONTEXPAND | F.VM_DONTDUMP,
  },
  {
    name: '[vdso]',
    start: 0x7ff8109c0,
    pages: 2,
    flags: F.VM_READ | F.VM_EXEC | MAY | F.VM_DONTEXPAND,
  },
  {
    name: '[stack]',
    start: 0x7ffe8cc96,
    pages: 33,
    flags: F.VM_READ | F.VM_WRITE | MAY | F.VM_GROWSDOWN | F.VM_ACCOUNT,
  },
];

/**
 * Where a freshly loaded image has the mapping of this name ([start, end) in pages), the same
 * at the start of a trace and after each execve; undefined for a name the image lacks. What the
 * executor records as the program's own before the first statement (its baseline).
 */
export function imageExtent(name: string): { readonly start: Vpn; readonly end: Vpn } | undefined {
  const s = SPECIALS.find((x) => x.name === name);
  return s === undefined ? undefined : { start: s.start, end: s.start + s.pages };
}

/**
 * How many pages of `v` are the program's own, not the trace's: those within the extent the
 * image gave its name, unless the trace bound that name. What the executor subtracts from
 * /proc's VmLck and VmData (src/oracle/observables.h:own_bytes counts a VMA within the mappings
 * it recorded before the first statement), so a brk growth merged into the heap is the trace's.
 */
export function imagePagesOf(
  v: Pick<Vma, 'name' | 'start' | 'end'>,
  bound: ReadonlySet<string>,
): number {
  const own = v.name === null || bound.has(v.name) ? undefined : imageExtent(v.name);
  if (own === undefined) return 0;
  return Math.max(0, Math.min(v.end, own.end) - Math.max(v.start, own.start));
}

function specialVma(s: Special, vdsoData: VmFlags): Vma {
  return newVma(
    s.start,
    s.start + s.pages,
    // The vDSO data pages take the model's flags (they changed in 7.1).
    s.name.startsWith('[vvar') ? vdsoData : vmFlags(s.flags),
    s.name.startsWith('[v') ? { kind: 'special' } : { kind: 'anon' },
    s.start,
    0,
    false,
    PteRuns.none(s.pages),
    s.name,
  );
}

export function initialState(
  setup: Setup,
  decisions: Pick<Decisions, 'vdsoDataVmFlags'> = LINUX_6_18_DECISIONS,
): KernelState {
  // The executor's server forked the trace process: the heap its libc touched has an
  // anon_vma inherited through fork, so heap growth never merges with it (verified on 6.18).
  const image = programImage(decisions.vdsoDataVmFlags, { anonVma: 1, forked: true });
  const special = image.vmas.reduce((n, v) => n + v.end - v.start, 0);
  const rest = setup.restPages ?? DEFAULT_REST_PAGES;
  const mm: Mm = mmWithVmas(
    {
      ...image,
      rlimitMemlock: setup.rlimitMemlock,
      capIpcLock: setup.capIpcLock,
      ...(setup.rlimitData == null ? {} : { rlimitData: setup.rlimitData }),
      otherPages: Math.max(0, rest - special),
      fds: new Map(),
      // `thp on`: the executor clears PR_SET_THP_DISABLE (hugePmd.ts reads it).
      ...(setup.thp === true ? { thp: true as const } : {}),
    },
    image.vmas,
  );
  return stateOfProcess(mm);
}

/**
 * What a freshly loaded image of the program has (the start of a trace, and execve's new
 * image): the special mappings, the heap with the break at its end, nothing locked. The heap
 * has the anon_vma its libc's first writes gave it (`heapAnon`).
 */
export function programImage(
  vdsoData: VmFlags,
  heapAnon: { readonly anonVma: number; readonly forked: boolean },
): Pick<Mm, 'vmas' | 'defFlags' | 'lockedVm' | 'otherLock' | 'pageTables' | 'brkArea'> {
  const vmas = SPECIALS.map((s) => {
    const v = specialVma(s, vdsoData);
    return s.name === '[heap]'
      ? vmaWith(v, v.start, v.end, v.flags, v.pgoff, v.ptes, heapAnon.anonVma, heapAnon.forked)
      : v;
  });
  const heap = vmas.find((v) => v.name === '[heap]');
  const brkArea =
    heap === undefined ? undefined : { startBrk: heap.start * 4096, brk: heap.end * 4096 };
  return {
    vmas,
    defFlags: vmFlags(0),
    lockedVm: 0,
    otherLock: vmFlags(0),
    pageTables: PmdRanges.EMPTY,
    ...(brkArea === undefined ? {} : { brkArea }),
  };
}

/** A state holding one process and nothing else: no pages, files or pending batch entries. */
export function stateOfProcess(mm: Mm): KernelState {
  return {
    procs: [mm],
    pages: PageRuns.empty(),
    mlockBatch: [],
    mlockUncertain: [],
    files: [],
    nextPage: 1,
    nextAnonVma: 1 + Math.max(0, ...mm.vmas.map((v) => v.anonVma)),
  };
}
