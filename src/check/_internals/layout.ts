// The bit widths of a bound's encoding, all derived from the bound, and the mapping between
// virtual page numbers and (region, offset): every address the alphabet can reach lies in
// [regionHint(k), regionHint(k) + pages) for a region k < regions.

import { DEFAULT_REST_PAGES } from '../../kernel/initialState.js';
import { REGION_BASE, REGION_STRIDE } from '../../uapi/engine.js';
import * as F from '../../uapi/vmFlags.js';
import {
  type KernelBound,
  boundDataLimits,
  boundHasObjects,
  boundRlimits,
} from '../kernelBound.js';

/** Every VM_* bit a VMA of the bound may carry, in a fixed order (one encoded bit each). */
export const VM_BITS: readonly F.VmFlags[] = [
  F.VM_READ,
  F.VM_WRITE,
  F.VM_EXEC,
  F.VM_SHARED,
  F.VM_MAYREAD,
  F.VM_MAYWRITE,
  F.VM_MAYEXEC,
  F.VM_MAYSHARE,
  F.VM_GROWSDOWN,
  F.VM_PFNMAP,
  F.VM_LOCKED,
  F.VM_IO,
  F.VM_DONTCOPY,
  F.VM_DONTEXPAND,
  F.VM_LOCKONFAULT,
  F.VM_ACCOUNT,
  F.VM_NORESERVE,
  F.VM_HUGETLB,
  F.VM_SYNC,
  F.VM_WIPEONFORK,
  F.VM_DONTDUMP,
  F.VM_MIXEDMAP,
  F.VM_HUGEPAGE,
  F.VM_NOHUGEPAGE,
  F.VM_DROPPABLE,
  // Bits no modelled VM_ flag uses, left for the new VM_ flags of proposals and model files
  // (proposal-map-faultpopulate's VM_FAULTPOPULATE is 0x1000).
  F.vmFlags(0x200),
  F.vmFlags(0x800),
  F.vmFlags(0x1000),
];

export const bitsFor = (values: number): number => Math.max(1, Math.ceil(Math.log2(values)));

export const BASE_VPN = Number(REGION_BASE >> 12n);
export const STRIDE_VPN = Number(REGION_STRIDE >> 12n);

export interface Layout {
  readonly regions: number;
  /**
   * Whether the bound has brk: the heap is then one more slot after the regions (slot
   * `regions`), never relabelled by the symmetry reduction, and each mm encodes its break.
   */
  readonly heap: boolean;
  /** Slots an address may lie in: the regions, and the heap's. */
  readonly slots: number;
  readonly pages: number;
  readonly filePages: number;
  /** Distinct RLIMIT_MEMLOCK values of the setups (Infinity for unlimited). */
  readonly rlimits: readonly number[];
  /**
   * Every RLIMIT_DATA a process of the bound can have (undefined: unlimited): the setups' and
   * what setrlimit letters lower it to. Each mm encodes its index in `dataLimitBits` bits (none
   * when there is one value).
   */
  readonly dataLimits: readonly (bigint | undefined)[];
  readonly dataLimitBits: number;
  readonly restPages: number;
  readonly slotBits: number;
  /** An offset 0..pages inside a region (an end offset may equal pages). */
  readonly offsetBits: number;
  /** Bits of an anon pgoff's offset from its region's first page, biased by `pages`. */
  readonly anonOffsetBits: number;
  readonly maxVmas: number;
  readonly vmaCountBits: number;
  readonly maxPages: number;
  /** A page reference: 0 none (or freed), 1 zero page, 2 guard marker, 3+ page n. */
  readonly pteBits: number;
  readonly anonVmaBits: number;
  readonly lockedVmBits: number;
  /**
   * Whether the bound makes file objects of its own besides the tmpfile (`calls=+mmapShmem`:
   * a shmem object for each shared anonymous region, `calls=+memfd_secret`: secretmem): the
   * state then carries each reachable file object with its kind, size and page cache, each
   * process its descriptor table, each file VMA and page-cache page which object it belongs to.
   * Off: the tmpfile alone, as one bit a process (its descriptor) and its cache.
   */
  readonly objects: boolean;
  /** A file object's canonical number, 1.. (0: none), and the count of them. */
  readonly fileBits: number;
  /** Descriptors a process may hold, and an fd above 2 (fd - 3). */
  readonly fdCountBits: number;
  readonly fdBits: number;
  /** A file object's size in pages. */
  readonly fileSizeBits: number;
  readonly words: number;
}

/** The file kinds an object bound's state carries, by their encoded number. */
export const FILE_KINDS = ['regular', 'shmem', 'secretmem'] as const;

/** The break's byte within its page (brk(2) takes any address; its letters may be unaligned). */
export const BRK_BYTE_BITS = 12;

export function layoutOf(b: KernelBound): Layout {
  const heap = b.calls.includes('brk');
  const slots = b.regions + (heap ? 1 : 0);
  const maxVmas = slots * b.pages;
  // Each process maps at most regions x pages; COW in a fork child copies as many again.
  const maxPages = 2 * maxVmas + b.filePages;
  const slotBits = bitsFor(slots);
  const offsetBits = bitsFor(b.pages + 1);
  // An anon pgoff lies within a region's width of the region it was made in (see anonSlotOf).
  const anonOffsetBits = bitsFor(2 * b.pages + 1);
  const pteBits = bitsFor(maxPages + 3);
  const anonVmaBits = bitsFor(2 * maxVmas + 1);
  const vmaCountBits = bitsFor(maxVmas + 1);
  const lockedVmBits = 12;
  // The tmpfile, one shmem object a region (only NULL-hint letters map shared anonymous
  // memory), and one secretmem object a step at most.
  const objects = boundHasObjects(b);
  const maxFiles = objects ? (b.filePages > 0 ? 1 : 0) + b.regions + b.depth : 0;
  const fileBits = bitsFor(maxFiles + 1);
  const maxFds = (b.filePages > 0 ? 1 : 0) + b.depth;
  const fdCountBits = bitsFor(maxFds + 1);
  const fdBits = bitsFor(maxFds);
  const fileSizeBits = bitsFor(Math.max(b.pages, b.filePages) + 1);
  const pgoffBits = Math.max(slotBits + anonOffsetBits, bitsFor(b.filePages + 1));
  const vmaBits = slotBits + 2 * offsetBits + VM_BITS.length + 1 + pgoffBits + anonVmaBits + 1;
  const dataLimits = boundDataLimits(b);
  const dataLimitBits = dataLimits.length > 1 ? bitsFor(dataLimits.length) : 0;
  const mmBits =
    1 +
    3 +
    dataLimitBits +
    3 +
    lockedVmBits +
    2 +
    1 +
    (heap ? offsetBits + BRK_BYTE_BITS : 0) +
    slots +
    vmaCountBits +
    maxVmas * vmaBits +
    maxVmas * pteBits +
    (objects ? fdCountBits + maxFds * (fdBits + fileBits) + maxVmas * fileBits : 0);
  const header = 3 + 3 + 1;
  const cacheBits = objects
    ? fileBits + maxFiles * (2 + fileSizeBits + Math.max(b.pages, b.filePages) * pteBits)
    : b.filePages * pteBits;
  const batchBits = 5 + 31 * (pteBits + 2);
  const pageBits =
    bitsFor(maxPages + 1) + maxPages * (1 + 1 + 3 + 3 + 1 + 9 + 1 + 1 + (objects ? fileBits : 0));
  const total = header + 2 * mmBits + cacheBits + batchBits + pageBits;
  const rlimits = boundRlimits(b);
  return {
    regions: b.regions,
    heap,
    slots,
    pages: b.pages,
    filePages: b.filePages,
    rlimits,
    dataLimits,
    dataLimitBits,
    restPages: DEFAULT_REST_PAGES,
    slotBits,
    offsetBits,
    anonOffsetBits,
    maxVmas,
    vmaCountBits,
    maxPages,
    pteBits,
    anonVmaBits,
    lockedVmBits,
    objects,
    fileBits,
    fdCountBits,
    fdBits,
    fileSizeBits,
    words: Math.ceil(total / 32) + 1,
  };
}

/** The region and offset of a vpn; throws for a vpn outside every region. */
export function slotOf(l: Layout, vpn: number): { slot: number; offset: number } {
  const slot = slotIndexOf(l, vpn);
  return { slot, offset: vpn - vpnOfSlot(slot, 0) };
}

/**
 * The region of a vpn (slotOf without the object: the codec asks it for every VMA of every
 * successor); throws for a vpn outside every region.
 */
export function slotIndexOf(l: Layout, vpn: number): number {
  const rel = vpn - BASE_VPN;
  const slot = Math.floor(rel / STRIDE_VPN);
  const offset = rel - slot * STRIDE_VPN;
  if (rel < 0 || slot >= l.slots || offset > l.pages)
    throw new RangeError(
      `kernel bound: vpn 0x${vpn.toString(16)} lies outside the bound's ${l.regions} regions${l.heap ? ' and heap' : ''} of ${l.pages} pages; the alphabet must keep every mapping inside them`,
    );
  return slot;
}

/**
 * The region an anonymous VMA's pgoff was made in: the one whose first page is nearest. An anon
 * pgoff is the vpn of the VMA's start when it was made (mm/mmap.c:do_mmap), carried along by
 * splits and moves, and lowered page by page when a stack grows down (mm/mmap.c:
 * expand_downwards): a MAP_GROWSDOWN VMA moved up its region by mremap and then grown down to
 * the region's first page has a pgoff below that page. So it lies within `pages` of its
 * region's first page, on either side; the codec and symmetry both tie it to that region.
 */
export const anonSlotOf = (pgoff: number): number =>
  Math.floor((pgoff - BASE_VPN + STRIDE_VPN / 2) / STRIDE_VPN);

export const vpnOfSlot = (slot: number, offset: number): number =>
  BASE_VPN + slot * STRIDE_VPN + offset;
