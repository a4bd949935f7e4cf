// Letters with the arguments the kernel refuses or rounds at the edges of its validation and
// arithmetic (a bound with `edgeArguments`, `--bound args=edge`), for each call family the
// bound has: what the fixed alphabet never names, so that a model (or a mutant) validating
// them wrongly is caught by the refusal properties (refusalsJustified, invalidArgumentsRefused,
// mmapRefusalsInOrder, mprotectRefusalsInOrder, mremapRefusalsJustified and
// mremapBadArgumentsRefused, madviseRefusalsJustified and madviseBadArgumentsRefused), and one
// rounding a range wrongly by the post-conditions. Off by default: a bound without it has
// exactly the letters it had. This file holds munmap's and the lock calls'; mmap's and
// mprotect's are in refusedArgumentLetters.ts, mremap's and madvise's in argumentLetters.ts.
// - brk (mm/mmap.c:SYSCALL_DEFINE1(brk)): 0, past TASK_SIZE, and -1 (PAGE_ALIGN wraps to 0);
//   a mapping at the last page of the heap's spot (MAP_FIXED, and MAP_GROWSDOWN) and munmap of
//   the heap's first page, so that the gap check and the refused shrink have a state to decide;
//   an unaligned break, h + 5 (spec/litmus/brk+munmap+shrink.mmt, brk+guard_page.mmt).
// - munmap (mm/vma.c:do_vmi_munmap): an unaligned address, a zero length, a length reaching
//   past TASK_SIZE, an address above TASK_SIZE, and the last page below TASK_SIZE (allowed:
//   the length is exactly TASK_SIZE - addr).
// - mlock, munlock (mm/mlock.c:do_mlock, apply_vma_lock_flags): an unaligned address, which
//   rounds down and widens the range to two pages; a length of -1P from the region's last page,
//   whose range wraps past 2^64 to end inside the region (the credit of
//   count_mm_mlocked_page_nr then depends on how the end is clamped); munlock of the page below
//   2^64 (its end is exactly 2^64: EINVAL) and of a byte in the page below that (ENOMEM: no VMA).
// - setrlimit, capset (kernel/sys.c:do_prlimit, kernel/capability.c): RLIM_INFINITY asked
//   again, RLIMIT_DATA lowered and asked back, CAP_IPC_LOCK taken back.

import { TASK_SIZE } from '../../kernel/addr.js';
import { CAP_IPC_LOCK, RLIMIT_DATA, RLIMIT_MEMLOCK, RLIM_INFINITY } from '../../uapi/constants.js';
import { type CallFamily, type KernelBound, SETRLIMIT_DATA_PAGES } from '../kernelBound.js';
import { madviseArgLetters, mremapArgLetters } from './argumentLetters.js';
import { REFUSED_ARGUMENT_LETTERS } from './refusedArgumentLetters.js';
import { type ArgSpec, type Letter, at, heapAt, int, pagesArg } from '../letter.js';

const PAGE = 4096n;
const TOP = 1n << 64n;
const hex = (v: bigint): string => `0x${v.toString(16)}`;
/** A length of -1P: 2^64 - PAGE_SIZE. */
const MINUS_ONE_PAGE = int(TOP - PAGE, '-1P');
const RLIM_INFINITY_ARG = int(RLIM_INFINITY, 'RLIM_INFINITY');

/** A private anonymous page mapped MAP_FIXED at the last page of the heap's spot. */
const aboveHeap = (b: KernelBound, flags: number, text: string): Letter => ({
  call: 'mmap',
  args: [
    heapAt(b.pages - 1),
    pagesArg(1),
    int(3, 'PROT_READ|PROT_WRITE'),
    int(flags, text),
    int(-1n & 0xffffffffffffffffn, '-1'),
    int(0),
  ],
});

function globalLetters(b: KernelBound): Letter[] {
  const letters: Letter[] = [];
  if (b.calls.includes('munmap'))
    letters.push(
      { call: 'munmap', args: [int(TASK_SIZE + PAGE, hex(TASK_SIZE + PAGE)), pagesArg(1)] },
      { call: 'munmap', args: [int(TASK_SIZE - PAGE, hex(TASK_SIZE - PAGE)), pagesArg(1)] },
    );
  if (b.calls.includes('munlock'))
    letters.push(
      { call: 'munlock', args: [int(TOP - PAGE, hex(TOP - PAGE)), pagesArg(1)] },
      {
        call: 'munlock',
        args: [int(TOP - 2n * PAGE + 3000n, hex(TOP - 2n * PAGE + 3000n)), int(1)],
      },
    );
  if (b.calls.includes('brk'))
    letters.push(
      // mm/mmap.c:SYSCALL_DEFINE1(brk): brk(0) only asks (below start_brk); a break past
      // TASK_SIZE, and one whose PAGE_ALIGN wraps to 0, are refused by check_brk_limits.
      { call: 'brk', args: [int(0)] },
      { call: 'brk', args: [int(TASK_SIZE + PAGE, hex(TASK_SIZE + PAGE))] },
      { call: 'brk', args: [int(TOP - 1n, '-1')] },
      // A mapping placed at the last page of the heap's spot: brk may not grow to within a page
      // of it (the `next` VMA check with vm_start_gap; spec/litmus/brk+guard_page.mmt), and
      // with three pages there a growth to one page below it is allowed.
      aboveHeap(b, 0x32, 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED'),
      // The same mapping growing down: the stack guard gap below it is kept free too
      // (vm_start_gap; spec/litmus/brk+MAP_GROWSDOWN.mmt).
      aboveHeap(b, 0x132, 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED|MAP_GROWSDOWN'),
      // The heap's first page unmapped: a break lowered over nothing mapped is refused
      // (vma_find between the new break and the old; spec/litmus/brk+munmap+shrink.mmt).
      { call: 'munmap', args: [heapAt(0), pagesArg(1)] },
      // An unaligned break: from a one-page heap it stays in the break's page (the break moves,
      // no VMA changes), from an empty one it grows a page (PAGE_ALIGN of the new break).
      { call: 'brk', args: [heapAt(0, 5)] },
    );
  // kernel/sys.c:do_prlimit: RLIM_INFINITY asked again (0 while the limit is unlimited, EPERM
  // once it was lowered: a raise of the hard limit), and RLIMIT_DATA lowered to one page (a
  // limit that is not 0, so a hard limit read wrongly as infinite shows) and raised
  // (spec/litmus/midtrace/brk+setrlimit+RLIMIT_DATA.mmt).
  if (b.calls.includes('setrlimit'))
    letters.push(
      { call: 'setrlimit', args: [int(RLIMIT_MEMLOCK, 'RLIMIT_MEMLOCK'), RLIM_INFINITY_ARG] },
      ...SETRLIMIT_DATA_PAGES.map((p): Letter => ({
        call: 'setrlimit',
        args: [int(RLIMIT_DATA, 'RLIMIT_DATA'), pagesArg(p)],
      })),
      { call: 'setrlimit', args: [int(RLIMIT_DATA, 'RLIMIT_DATA'), RLIM_INFINITY_ARG] },
    );
  // CAP_IPC_LOCK taken back into the effective set (it stays permitted: spec/litmus/midtrace/mlock+cap_drop+mlock.mmt).
  if (b.calls.includes('capset'))
    letters.push({ call: 'capset', args: [int(CAP_IPC_LOCK, 'CAP_IPC_LOCK'), int(1)] });
  return letters;
}

function regionLetters(b: KernelBound, k: number): Letter[] {
  const last = b.pages - 1;
  const r = (call: Letter['call'], args: Letter['args']): Letter => ({ call, region: k, args });
  const letters: Letter[] = [];
  if (b.calls.includes('munmap'))
    letters.push(
      r('munmap', [at(0, 1), pagesArg(1)]),
      r('munmap', [at(0), int(0)]),
      r('munmap', [at(0), int(TASK_SIZE, hex(TASK_SIZE))]),
    );
  if (b.calls.includes('mlock'))
    letters.push(r('mlock', [at(0, 1), pagesArg(1)]), r('mlock', [at(last), MINUS_ONE_PAGE]));
  if (b.calls.includes('munlock'))
    letters.push(r('munlock', [at(0, 1), pagesArg(1)]), r('munlock', [at(last), MINUS_ONE_PAGE]));
  return letters;
}

/**
 * `l` fitted to regions of `pages` pages, or null: the refused mmap letters are written for
 * regions of two pages or more, and those that succeed (a flag MAP_SHARED_VALIDATE accepts,
 * MAP_GROWSDOWN of a file, MAP_FIXED_NOREPLACE on the region's second page) would place a
 * mapping wider than a one-page region. Their lengths become one page, and a letter naming a
 * page past the region is left out. Which check refuses the others does not depend on it.
 */
function fitted(l: Letter, pages: number): Letter | null {
  if (l.call !== 'mmap' || pages >= 2) return l;
  if (l.args.some((a) => a.kind === 'at' && a.page >= pages)) return null;
  const two = (a: ArgSpec): boolean => a.kind === 'int' && a.value === 2n * 4096n;
  return { ...l, args: l.args.map((a) => (two(a) ? pagesArg(1) : a)) };
}

/**
 * mmap's and mprotect's refused arguments for the families the bound has (a MAP_FIXED letter
 * counts as mmapFixed's too); a letter naming a region is a template tried once for every
 * region, so that regions stay symmetric.
 */
function refusedLetters(b: KernelBound, has: (f: CallFamily) => boolean): Letter[] {
  const tried = REFUSED_ARGUMENT_LETTERS.filter(
    (l) => has(l.call as CallFamily) || (l.call === 'mmap' && has('mmapFixed')),
  ).flatMap((l) => fitted(l, b.pages) ?? []);
  const letters = tried.filter((l) => l.region === undefined);
  for (let k = 0; k < b.regions; k++)
    for (const l of tried) if (l.region !== undefined) letters.push({ ...l, region: k });
  return letters;
}

/** The edge letters of a bound with `edgeArguments`: global ones first, then per region. */
export function edgeLetters(b: KernelBound): Letter[] {
  if (b.edgeArguments !== true) return [];
  const has = (f: CallFamily): boolean => b.calls.includes(f);
  const letters = [...globalLetters(b), ...refusedLetters(b, has)];
  for (let k = 0; k < b.regions; k++) {
    letters.push(...regionLetters(b, k));
    if (has('mremap')) letters.push(...mremapArgLetters(b, k));
    if (has('madvise')) letters.push(...madviseArgLetters(b, k));
  }
  return letters;
}
