// Facts about a user access (a `read` or `write` of the trace) that the fault properties share:
// which page and byte it touches, and what an address reads through in a state — its own page,
// the shared zero page, or, where nothing is mapped yet, what the fault would map: the page
// cache page of its file index, or zero. Stated from the rules of spec/semantics.md, not by
// calling src/kernel's fault handler.

import type { KernelCall } from '../../../src/kernel/call.js';
import {
  PTE_GUARD,
  PTE_NONE,
  PTE_ZERO,
  type KernelState,
  type Vma,
} from '../../../src/kernel/state.js';
import { VM_IO, VM_PFNMAP, VM_SHARED, hasAny, vmFlags } from '../../../src/uapi/vmFlags.js';
import { arg, vpnOf } from './mmFacts.js';
import { oncePerCall } from './oncePerCall.js';

/** The page, byte and value of an access; null for any other call. */
export interface Access {
  readonly vpn: number;
  readonly offset: number;
  readonly write: boolean;
  /** The byte a write stores (its low 8 bits); 0 for a read. */
  readonly value: number;
}

export const accessOf = oncePerCall((call: KernelCall): Access | null => {
  if (call.call !== 'read' && call.call !== 'write') return null;
  const addr = arg(call, 0);
  return {
    vpn: vpnOf(addr),
    offset: Number(addr & 4095n),
    write: call.call === 'write',
    value: call.call === 'write' ? Number(arg(call, 1) & 0xffn) : 0,
  };
});

/** A VMA whose pages the fault handler maps: neither [vvar]/[vdso] nor VM_PFNMAP/VM_IO. */
export const faultsPages = (v: Vma): boolean =>
  v.backing.kind !== 'special' && !hasAny(v.flags, vmFlags(VM_PFNMAP | VM_IO));

export const isShared = (v: Vma): boolean => hasAny(v.flags, VM_SHARED);

/** The page cache page of the file index page `vpn` of file VMA `v` stands for, or undefined. */
export function cachedAt(s: KernelState, v: Vma, vpn: number): number | undefined {
  if (v.backing.kind !== 'file') return undefined;
  return s.files[v.backing.file]?.cache.get(v.pgoff + (vpn - v.start));
}

/**
 * What page `vpn` of `v` reads through in `s`: a page id (> 0), 0 for zeros (the zero page,
 * an anonymous page not faulted yet, a file page not cached: a fresh read-in of a file the
 * trace wrote nothing to), or PTE_GUARD (it reads nothing).
 */
export function readThrough(s: KernelState, v: Vma, vpn: number): number {
  const pte = v.ptes.at(vpn - v.start);
  if (pte === PTE_GUARD) return PTE_GUARD;
  if (pte === PTE_ZERO) return 0;
  if (pte !== PTE_NONE) return pte;
  return cachedAt(s, v, vpn) ?? 0;
}

/** The bytes of page `id` (0: zeros) as a map of the non-zero ones. */
export function bytesOf(s: KernelState, id: number): ReadonlyMap<number, number> {
  if (id <= 0) return NO_BYTES;
  return s.pages.get(id)?.data ?? NO_BYTES;
}

const NO_BYTES: ReadonlyMap<number, number> = new Map();

/** Whether two pages' bytes are equal, `b` with byte `offset` replaced by `value` if given. */
export function sameBytes(
  a: ReadonlyMap<number, number>,
  b: ReadonlyMap<number, number>,
  written?: { offset: number; value: number },
): boolean {
  if (written === undefined) {
    if (a === b) return true;
    if (a.size !== b.size) return false;
    for (const [k, x] of a) if (b.get(k) !== x) return false;
    return true;
  }
  const want = new Map(b);
  if (written.value === 0) want.delete(written.offset);
  else want.set(written.offset, written.value);
  return sameBytes(a, want);
}
