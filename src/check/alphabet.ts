// The alphabet of a bound: every letter tried in every state. Per region: the same calls with
// the same argument domains (so regions are symmetric), including the values that take other
// branches in mm/mlock.c, mm/mmap.c, mm/mremap.c and mm/madvise.c: invalid flag bits, a length
// that overflows (mlock(addr, SIZE_MAX) wraps to nothing, semantics 18.1), a zero length at
// an unaligned address (18.2), a range running into the hole after the region (ENOMEM).

import {
  CAP_IPC_LOCK,
  MCL_CURRENT,
  MCL_FUTURE,
  MCL_ONFAULT,
  RLIMIT_MEMLOCK,
} from '../uapi/constants.js';
import { type CallFamily, type KernelBound, SETRLIMIT_PAGES } from './kernelBound.js';
import { edgeLetters } from './_internals/edgeLetters.js';
import { envLetters } from './_internals/envLetters.js';
import { extraLetters } from './_internals/extraLetters.js';
import { type ArgSpec, type Letter, at, heapAt, int, pagesArg } from './letter.js';

const RW = int(3, 'PROT_READ|PROT_WRITE');
const ANON = 'MAP_PRIVATE|MAP_ANONYMOUS';
const NO_FD = int(-1n & 0xffffffffffffffffn, '-1');
const ZERO = int(0);
const SIZE_MAX = int((1n << 64n) - 1n, '-1');

function mapFlags(text: string): ArgSpec {
  const bits: Record<string, number> = {
    MAP_SHARED: 0x01,
    MAP_PRIVATE: 0x02,
    MAP_ANONYMOUS: 0x20,
    MAP_FIXED: 0x10,
    MAP_LOCKED: 0x2000,
    MAP_POPULATE: 0x8000,
  };
  const value = text.split('|').reduce((v, n) => v | (bits[n] ?? 0), 0);
  return int(value, text);
}

function newRegions(b: KernelBound): Letter[] {
  const len = pagesArg(b.pages);
  const anon = (prot: ArgSpec, flags: string): Letter => ({
    call: 'mmap',
    args: [{ kind: 'hint' }, len, prot, mapFlags(flags), NO_FD, ZERO],
  });
  const letters = [
    anon(RW, ANON),
    anon(RW, `${ANON}|MAP_LOCKED`),
    anon(RW, `${ANON}|MAP_POPULATE`),
    anon(int(0, 'PROT_NONE'), `${ANON}|MAP_LOCKED`),
    // No map type: EINVAL from do_mmap before anything is charged.
    anon(RW, 'MAP_ANONYMOUS|MAP_LOCKED'),
  ];
  if (b.filePages > 0) {
    const file = (flags: string): Letter => ({
      call: 'mmap',
      args: [{ kind: 'hint' }, len, RW, mapFlags(flags), { kind: 'fd' }, ZERO],
    });
    letters.push(
      file('MAP_SHARED'),
      file('MAP_SHARED|MAP_LOCKED'),
      file('MAP_SHARED|MAP_POPULATE'),
    );
  }
  return letters;
}

/** The letters of one region, by family. */
function regionLetters(b: KernelBound, k: number, family: CallFamily): Letter[] {
  const P = b.pages;
  const all = pagesArg(P);
  const mid = P >= 2 ? 1 : 0;
  const r = (call: Letter['call'], args: readonly ArgSpec[]): Letter => ({ call, region: k, args });
  switch (family) {
    case 'mmapFixed':
      return P >= 2
        ? [r('mmap', [at(1), pagesArg(1), RW, mapFlags(`${ANON}|MAP_FIXED`), NO_FD, ZERO])]
        : [];
    case 'mlock':
      return [
        r('mlock', [at(0), all]),
        r('mlock', [at(mid), pagesArg(1)]),
        // Runs into the unmapped hole after the region: ENOMEM, after locking what is there.
        r('mlock', [at(P - 1), pagesArg(2)]),
        r('mlock', [at(0), SIZE_MAX]),
        r('mlock', [at(mid, 1), ZERO]),
      ];
    case 'mlock2':
      return [
        r('mlock2', [at(0), all, int(1, 'MLOCK_ONFAULT')]),
        r('mlock2', [at(0), all, int(2, '0x2')]),
      ];
    case 'munlock':
      return [r('munlock', [at(0), all]), r('munlock', [at(mid), pagesArg(1)])];
    case 'munmap':
      return [r('munmap', [at(0), all]), r('munmap', [at(mid), pagesArg(1)])];
    case 'mprotect':
      return [r('mprotect', [at(0), all, int(0, 'PROT_NONE')]), r('mprotect', [at(0), all, RW])];
    case 'madvise':
      return [
        r('madvise', [at(0), all, int(23, 'MADV_POPULATE_WRITE')]),
        r('madvise', [at(0), all, int(4, 'MADV_DONTNEED')]),
      ];
    case 'access':
      return [r('write', [at(0), int(7)]), r('write', [at(P - 1), int(7)]), r('read', [at(mid)])];
    default:
      return [];
  }
}

function globalLetters(b: KernelBound, family: CallFamily): Letter[] {
  switch (family) {
    case 'mmap':
      return newRegions(b);
    case 'mlockall': {
      const names = ['MCL_CURRENT', 'MCL_FUTURE', 'MCL_ONFAULT'];
      const values = [MCL_CURRENT, MCL_FUTURE, MCL_ONFAULT];
      const letters: Letter[] = [];
      for (let v = 0; v < 8; v++) {
        const text = names.filter((_, i) => v & (values[i] ?? 0)).join('|') || '0';
        letters.push({ call: 'mlockall', args: [int(v, text)] });
      }
      letters.push({ call: 'mlockall', args: [int(MCL_CURRENT | 8, 'MCL_CURRENT|0x8')] });
      return letters;
    }
    case 'munlockall':
      return [{ call: 'munlockall', args: [] }];
    case 'brk': {
      // The break set to the start of the heap (emptying it), one page above, and the end of
      // the heap's spot: growth from empty, growth of a heap, shrinking, and setting the
      // break it already has (semantics 20).
      const pages = [...new Set([0, 1, b.pages])];
      return pages.map((p) => ({ call: 'brk', args: [heapAt(p)] }));
    }
    case 'setrlimit':
      // RLIMIT_MEMLOCK lowered below what may be locked already (kernel/sys.c:do_prlimit);
      // the pages locked stay locked and counted (spec/litmus/midtrace).
      return SETRLIMIT_PAGES.map((p) => ({
        call: 'setrlimit',
        args: [int(RLIMIT_MEMLOCK, 'RLIMIT_MEMLOCK'), p === 0 ? int(0) : pagesArg(p)],
      }));
    case 'capset':
      // CAP_IPC_LOCK out of the effective set: every later limit check applies.
      return [{ call: 'capset', args: [int(CAP_IPC_LOCK, 'CAP_IPC_LOCK'), int(0)] }];
    case 'mmapShmem':
      // A region of shared anonymous memory: each mapping its own shmem object, which the
      // region's VMAs (and a fork child's copies) hold until the last is unmapped; plain, and
      // locked (its pages populated and mlocked through the batch, as a file's are).
      return ['MAP_SHARED|MAP_ANONYMOUS', 'MAP_SHARED|MAP_ANONYMOUS|MAP_LOCKED'].map((flags) => ({
        call: 'mmap',
        args: [{ kind: 'hint' }, pagesArg(b.pages), RW, mapFlags(flags), NO_FD, ZERO],
      }));
    case 'mmapPrivateFile':
      // The tmpfile mapped MAP_PRIVATE, plain and MAP_LOCKED (whose population writes, breaking
      // COW of each cache page: mm/gup.c:populate_vma_page_range); none without a file.
      return b.filePages > 0
        ? ['MAP_PRIVATE', 'MAP_PRIVATE|MAP_LOCKED'].map((flags) => ({
            call: 'mmap',
            args: [{ kind: 'hint' }, pagesArg(b.pages), RW, mapFlags(flags), { kind: 'fd' }, ZERO],
          }))
        : [];
    case 'memfd_secret':
      // A secretmem descriptor of one page on the lowest free fd: it survives execve.
      return [{ call: 'memfd_secret', args: [pagesArg(1)] }];
    case 'execve':
      // A new image of the same program (src/kernel/execve.ts): no mapping, lock bit or
      // locked_vm survives; the regions placed so far stay placed, now unmapped.
      return [{ call: 'execve', args: [] }];
    case 'fork':
      return [
        { call: 'fork', args: [] },
        { call: 'exit', args: [] },
      ];
    case 'mremap': {
      // MREMAP_DONTUNMAP of a whole region onto another (semantics 18.3, 18.4).
      const letters: Letter[] = [];
      for (let k = 0; k < b.regions; k++)
        for (let j = 0; j < b.regions; j++)
          if (j !== k)
            letters.push({
              call: 'mremap',
              region: k,
              target: j,
              args: [
                at(0),
                pagesArg(b.pages),
                pagesArg(b.pages),
                int(7, 'MREMAP_MAYMOVE|MREMAP_FIXED|MREMAP_DONTUNMAP'),
                { kind: 'target' },
              ],
            });
      return letters;
    }
    default:
      return [];
  }
}

/** The letters of one call family of the bound, every region's included. */
export function familyLetters(b: KernelBound, family: CallFamily): readonly Letter[] {
  const letters = [...globalLetters(b, family)];
  for (let k = 0; k < b.regions; k++) letters.push(...regionLetters(b, k, family));
  return letters;
}

/** In the bound's family order: random mode's swarm switches families and letters off by it. */
export function kernelAlphabet(b: KernelBound): readonly Letter[] {
  // Then the letters of the flags and names the models' overridden decisions read (issue 11).
  const letters = b.calls.flatMap((family) => familyLetters(b, family));
  // Then the letters the bound names outright (its refused arguments), with `env=` the
  // population letters again meeting the environment's failures, and last, with `args=edge`,
  // the arguments at the edges of the kernel's arithmetic.
  return [...letters, ...extraLetters(b), ...envLetters(b, letters), ...edgeLetters(b)];
}
