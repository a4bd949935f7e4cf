// A user access changes no data but the byte a write stores, and that byte only where the
// written page is read (mmap.2: a MAP_SHARED mapping's updates are visible to every process
// mapping the same region and carried through to the file; a MAP_PRIVATE mapping's are not
// visible to other processes and not carried through to the file; fork.2: parent and child
// have separate memory spaces, the same content at the fork). A read returns the byte the
// address read before. The fault that an access may take on the way (mm/memory.c:
// do_anonymous_page, do_read_fault, do_cow_fault, do_shared_fault, do_wp_page) maps the zero
// page, a page cache page or a copy of what the address read: never different bytes.
//
// Stated over what every address of every process, and every page cache page, reads through
// (accessFacts.ts:readThrough): after the call each reads as before, except that everything
// that reads through the page the written address then maps also reads the new byte. Which
// page that must be (a private copy, or the page cache page) is privateWriteCopies' and
// sharedWriteReachesCache's; this property sees a copy that lost its bytes, a write that went
// to a page other readers share, and a read that returned or left anything else.

import { currentMm, type KernelState, type Mm } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';
import { bytesOf, accessOf, readThrough, sameBytes } from './_internals/accessFacts.js';
import { vmaAt } from './_internals/mmFacts.js';
import { PTE_GUARD } from '../../src/kernel/state.js';

type Written = { offset: number; value: number } | undefined;

/** The bytes `vpn` of `mm` read through in `s`; zeros where nothing maps it (a new stack page). */
function readsBefore(s: KernelState, mm: Mm | undefined, vpn: number) {
  const v = mm === undefined ? undefined : vmaAt(mm, vpn);
  if (v === undefined) return bytesOf(s, 0);
  const src = readThrough(s, v, vpn);
  return src === PTE_GUARD ? null : bytesOf(s, src);
}

/** Whether every address of every process reads in `after` as in `before`, page `w` written. */
function processesKeepData(before: KernelState, after: KernelState, w: number, written: Written) {
  for (let i = 0; i < after.procs.length; i++) {
    const mm = after.procs[i];
    if (mm === undefined) continue;
    for (const v of mm.vmas)
      for (let vpn = v.start; vpn < v.end; vpn++) {
        const src = readThrough(after, v, vpn);
        if (src === PTE_GUARD) continue;
        const was = readsBefore(before, before.procs[i], vpn);
        if (was === null) continue;
        if (!sameBytes(bytesOf(after, src), was, src === w ? written : undefined)) return false;
      }
  }
  return true;
}

/** Whether every page cache page reads in `after` as its index did in `before`, `w` written. */
function cachesKeepData(before: KernelState, after: KernelState, w: number, written: Written) {
  for (let f = 0; f < after.files.length; f++) {
    const file = after.files[f];
    if (file === undefined) continue;
    const old = before.files[f]?.cache;
    for (const [index, id] of file.cache) {
      const was = bytesOf(before, old?.get(index) ?? 0);
      if (!sameBytes(bytesOf(after, id), was, id === w ? written : undefined)) return false;
    }
  }
  return true;
}

export const accessKeepsOtherData: TransitionInvariant = {
  kind: 'transition',
  calls: ['read', 'write'],
  name: 'accessKeepsOtherData',
  source: 'mm/memory.c:handle_mm_fault, do_wp_page, wp_page_copy, do_cow_fault, do_shared_fault',
  holds: ({ before, call, result, after }) => {
    const a = accessOf(call);
    if (a === null) return true;
    const mm = currentMm(before);
    if (result.kind === 'value' && !a.write) {
      const was = readsBefore(before, mm, a.vpn);
      if (was !== null && result.value !== BigInt(was.get(a.offset) ?? 0)) return false;
    }
    const stored = result.kind === 'value' && a.write;
    if (!stored && after.pages === before.pages && after.files === before.files) return true;
    // The page the written address maps after a successful write: its readers see the byte.
    let w = 0;
    let written: Written;
    if (stored) {
      const v = vmaAt(currentMm(after), a.vpn);
      w = v === undefined ? 0 : readThrough(after, v, a.vpn);
      // A write that left the address reading zeros (the zero page, or nothing) stored nothing.
      if (w <= 0) return a.value === 0;
      written = { offset: a.offset, value: a.value };
    }
    return (
      processesKeepData(before, after, w, written) && cachesKeepData(before, after, w, written)
    );
  },
  // What a page holds beyond the byte a trace reads back is no observable: in words.
  restate: () => ({
    checks: [],
    notes: [
      'a read must return what the address held and change nothing; a write must change only',
      'the written byte, and only where the page it wrote is mapped or cached',
    ],
  }),
};
