// Packs a bounded state into 32-bit words relative to the bound, and back. Addresses become
// (region, offset); page and anon_vma ids are the kernel's canonical numbering
// (src/kernel/canonicalIds.ts, the one src/kernel/encode.ts uses), so states that differ only
// in the ids the simulator allocated encode the same, and a decoded state carries the
// canonical ids themselves (page n is the n-th page of the walk).

import type { Decoder } from '../../explore/decoder.js';
import type { Encoder } from '../../explore/encoder.js';
import {
  type FileObject,
  type KernelState,
  type MlockBatchEntry,
  type Mm,
  type Vma,
  newVma,
  newMm,
} from '../../kernel/state.js';
import {
  VM_LOCKED,
  VM_LOCKONFAULT,
  VM_NOHUGEPAGE,
  type VmFlags,
  vmFlags,
} from '../../uapi/vmFlags.js';
import type { BoundedState } from '../boundedState.js';
import { CanonicalIds, pteOfRef } from '../../kernel/canonicalIds.js';
import { PTRS_PER_PTE, pmdOf } from '../../kernel/pageTables.js';
import { READ_AROUND_PAGES } from '../../kernel/pageCache.js';
import { PageRuns } from '../../kernel/pageRuns.js';
import { PmdRanges } from '../../kernel/pmdRanges.js';
import { PteRuns } from '../../kernel/pteRuns.js';
import {
  BRK_BYTE_BITS,
  FILE_KINDS,
  type Layout,
  VM_BITS,
  bitsFor,
  slotIndexOf,
  anonSlotOf,
  vpnOfSlot,
} from './layout.js';

const DEF_BITS: readonly VmFlags[] = [VM_LOCKED, VM_LOCKONFAULT, VM_NOHUGEPAGE];
/** The lock bits of the rest of a process (Mm.otherLock). */
const REST_BITS: readonly VmFlags[] = DEF_BITS.slice(0, 2);
const OPS: readonly MlockBatchEntry['op'][] = ['mlock', 'new', 'munlock'];
const NO_FDS: ReadonlyMap<number, number> = new Map();
const ONE_FD: ReadonlyMap<number, number> = new Map([[3, 0]]);
/** A decoded VMA's backing, shared: backings are read-only, compared by what they hold. */
const FILE_BACKING: Vma['backing'] = { kind: 'file', file: 0 };
const ANON_BACKING: Vma['backing'] = { kind: 'anon' };

/** Bits of a page's fields after its file: whether written, byte 0, uncertain, dirty. */
const TAIL_BITS = 11;

/** Slots of FlagPacker's cache: a power of two. */
const RECENT_FLAGS = 64;

/**
 * Flags as `bits.length` packed bits, bit k for bits[k] (the same words as one bit a flag,
 * written in order). Memoized per codec: a bound sees a few dozen distinct flag values, and
 * testing 28 bits of a number that may pass 2^32 for every VMA of every successor cost 9% of
 * the search.
 */
class FlagPacker {
  private readonly packedOf = new Map<number, number>();
  private readonly unpacked = new Map<number, VmFlags>();
  /**
   * A direct-mapped cache in front of `packedOf`, by a hash of the flags: the Map's lookup was
   * 1.1% of a single-worker search, and a few dozen values fill 64 slots with few collisions.
   * -1 is no flags value, so an empty slot never matches.
   */
  private readonly recentFlags = new Float64Array(RECENT_FLAGS).fill(-1);
  private readonly recentPacked = new Int32Array(RECENT_FLAGS);

  constructor(
    private readonly bits: readonly VmFlags[],
    private readonly what: string,
  ) {}

  pack(f: VmFlags, out: Encoder): void {
    out.bits(this.packed(f), this.bits.length);
  }

  /** The bits `pack` writes, as a number (for a caller that writes them with other fields). */
  packed(f: VmFlags): number {
    // Bitwise operators take the flags modulo 2^32: only the slot, never the value, comes of it.
    const slot = (f ^ (f >>> 11) ^ (f >>> 19)) & (RECENT_FLAGS - 1);
    if (this.recentFlags[slot] === f) return this.recentPacked[slot] ?? 0;
    const known = this.packedOf.get(f);
    const p = known ?? this.compute(f);
    if (known === undefined) this.packedOf.set(f, p);
    this.recentFlags[slot] = f;
    this.recentPacked[slot] = p;
    return p;
  }

  unpack(input: Decoder): VmFlags {
    const p = input.bits(this.bits.length);
    let f = this.unpacked.get(p);
    if (f === undefined) {
      let sum = 0;
      this.bits.forEach((b, k) => {
        if ((p >>> k) & 1) sum += b;
      });
      f = vmFlags(sum);
      this.unpacked.set(p, f);
    }
    return f;
  }

  private compute(f: VmFlags): number {
    let rebuilt = 0;
    let p = 0;
    this.bits.forEach((b, k) => {
      const set = (f & b) !== 0 || (b >= 2 ** 32 && Math.floor(f / b) % 2 === 1);
      if (set) {
        p |= 1 << k;
        rebuilt += b;
      }
    });
    if (rebuilt !== f)
      throw new RangeError(
        `kernel bound: ${this.what} 0x${f.toString(16)} has bits the encoding does not carry`,
      );
    return p;
  }
}

export class StateCodec {
  private readonly ids = new CanonicalIds();
  private readonly pageCountBits: number;
  private readonly vmBits = new FlagPacker(VM_BITS, 'vm_flags');
  private readonly defBits = new FlagPacker(DEF_BITS, 'def_flags');
  private readonly restBits = new FlagPacker(REST_BITS, 'the lock bits of the rest');

  /** RLIMIT_MEMLOCK of each rlimit index, as Mm holds it (null for RLIM_INFINITY). */
  private readonly rlimitValues: readonly (bigint | null)[];
  /** The page-table set of each bit mask of regions, made once: PmdRanges are immutable. */
  private readonly tableSets = new Map<number, PmdRanges>();

  /** A page's file field: one bit (in the tmpfile or not), or a file object's number. */
  private readonly fileMask: number;
  /**
   * Bits of a page's fields up to its file (mlocked, unevictable, mlock_count and mapcount
   * capped at 7, the file); TAIL_BITS follow them in the same word.
   */
  private readonly headBits: number;
  /** A file VMA's pgoff, as many low bits as a region's slot and offset take. */
  private readonly filePgoffMask: number;
  /** PTE references that fit in one word. */
  private readonly ptesPerWord: number;
  /** A field's bits, cut as Encoder.bits cuts a field of its own. */
  private readonly anonVmaMask: number;
  private readonly pteMask: number;

  constructor(private readonly l: Layout) {
    this.pageCountBits = bitsFor(l.maxPages + 1);
    const fileBits = l.objects ? l.fileBits : 1;
    this.fileMask = (1 << fileBits) - 1;
    this.headBits = 8 + fileBits;
    this.filePgoffMask = (1 << (l.slotBits + l.offsetBits)) - 1;
    this.ptesPerWord = Math.floor(32 / l.pteBits);
    this.anonVmaMask = (1 << l.anonVmaBits) - 1;
    this.pteMask = (1 << l.pteBits) - 1;
    // encodeVma's and the page loop's groups of fields, each one Encoder.bits call: a bound's
    // pages (1..8) and regions keep them far below a word; said here, not found out mid-search.
    const backingBits =
      1 +
      (l.objects ? l.fileBits : 0) +
      l.slotBits +
      Math.max(l.offsetBits, l.anonOffsetBits) +
      l.anonVmaBits +
      1;
    const mmBits = 4 + l.dataLimitBits + DEF_BITS.length + l.lockedVmBits + REST_BITS.length + 1;
    const widest = Math.max(
      l.slotBits + 2 * l.offsetBits,
      backingBits,
      this.headBits + TAIL_BITS,
      mmBits,
    );
    if (widest > 32)
      throw new RangeError(
        `kernel bound: ${widest} bits of a process, VMA or page do not fit in a word`,
      );
    this.from = new Int32Array(l.slots);
    this.rlimitValues = l.rlimits.map((r) => (r === Infinity ? null : BigInt(r)));
  }

  /** A page's contents, byte `byte` at offset 0: one read-only map a value, shared. */
  private readonly byteMaps = new Map<number, ReadonlyMap<number, number>>();

  private byteData(byte: number): ReadonlyMap<number, number> {
    let data = this.byteMaps.get(byte);
    if (data === undefined) {
      data = new Map([[0, byte]]);
      this.byteMaps.set(byte, data);
    }
    return data;
  }

  private tableSet(tables: number): PmdRanges {
    let set = this.tableSets.get(tables);
    if (set === undefined) {
      const pmds: number[] = [];
      for (let slot = 0; slot < this.l.slots; slot++)
        if ((tables >> slot) & 1) pmds.push(pmdOf(vpnOfSlot(slot, 0)));
      set = PmdRanges.of(pmds);
      this.tableSets.set(tables, set);
    }
    return set;
  }

  /**
   * Packs `s`; with `map`, packs `s` with region k moved to region map[k] (a permutation of
   * the placed regions, as symmetry.ts:permuteRegions builds it) without building that state:
   * the same words as encoding the permuted state (test/check/symmetry.test.ts). Only where
   * regions lie changes: the VMAs' slots and order, anon pgoffs into a region, the page-table
   * bit of each region, and so the order the walk numbers pages in.
   */
  encode(s: BoundedState, out: Encoder, map: readonly number[] | null = null): void {
    const l = this.l;
    const k = s.kernel;
    if (map !== null) this.invert(map);
    // The ids are numbered as they are written (CanonicalIds' walk, step by step), so the
    // VMAs and their PTEs are walked once: meetProcess and meetVma in encodeMm and encodeVma,
    // then the rest of the walk once every process is written.
    const ids = this.ids;
    ids.begin();
    // A bound's regions each lie under one PMD and its processes run without `thp on`: no state
    // of it has a large folio or a huge PMD (src/kernel/hugePmd.ts), so none is packed.
    if (k.largeFolios !== undefined) throw new RangeError('kernel bound: a large folio');
    out.bits(s.hints, 3);
    out.bits(s.setup, 3);
    out.bits(k.procs.length - 1, 1);
    for (let i = 0; i < k.procs.length; i++) {
      const mm = k.procs[i];
      if (mm !== undefined) this.encodeMm(mm, map, out);
    }
    ids.rest(k);
    if (ids.pageCount > l.maxPages)
      throw new RangeError(`kernel bound: more than ${l.maxPages} pages`);
    if (l.objects) this.encodeObjects(k, out);
    else {
      if (k.files.length > (l.filePages > 0 ? 1 : 0))
        throw new RangeError('kernel bound: a file the bound did not create');
      const file = k.files[0];
      for (let i = 0; i < l.filePages; i++) {
        const id = file?.cache.get(i);
        const ref = id === undefined ? 0 : ids.page(id);
        if (id !== undefined && ref === 0)
          throw new RangeError('kernel bound: a page cache no descriptor or VMA reaches');
        out.bits(ref, l.pteBits);
      }
    }
    out.bits(k.mlockBatch.length, 5);
    for (const e of k.mlockBatch) {
      out.bits(ids.page(e.page), l.pteBits);
      out.bits(OPS.indexOf(e.op), 2);
    }
    out.bits(ids.pageCount, this.pageCountBits);
    const uncertain = k.mlockUncertain;
    for (let n = 0; n < ids.pageCount; n++) {
      const id = ids.pageAt(n);
      const p = k.pages.get(id);
      if (p === undefined) throw new RangeError(`kernel bound: page ${id} is mapped but missing`);
      let file = p.file < 0 ? 0 : 1;
      if (l.objects && p.file >= 0) {
        file = ids.file(p.file);
        if (file === 0) throw new RangeError('kernel bound: a page of a file nothing reaches');
      }
      const byte = p.data?.get(0);
      if (p.data !== null && (p.data.size > 1 || (p.data.size === 1 && byte === undefined)))
        throw new RangeError('kernel bound: a page written at an offset other than 0');
      // The page's fields in the order the decoder reads them, low bits first, as one call a
      // page (the constructor checks they fit in a word).
      const head =
        (p.mlocked ? 1 : 0) |
        (p.unevictable ? 2 : 0) |
        ((Math.min(p.mlockCount, 7) & 7) << 2) |
        ((Math.min(p.mapCount, 7) & 7) << 5) |
        ((file & this.fileMask) << 8);
      const tail =
        (byte === undefined ? 0 : 1) |
        (((byte ?? 0) & 255) << 1) |
        ((uncertain.length > 0 && uncertain.includes(id) ? 1 : 0) << 9) |
        ((p.dirty ? 1 : 0) << 10);
      out.bits(head | (tail << this.headBits), this.headBits + TAIL_BITS);
    }
  }

  /**
   * The file objects the walk reached, in its order (canonical number n is the n-th): each
   * one's kind, size in pages and page cache. A file nothing reaches any more is not packed:
   * its last fput evicted it (kernelSystem.ts frees its pages).
   */
  private encodeObjects(k: KernelState, out: Encoder): void {
    const l = this.l;
    const order = this.ids.fileOrder;
    if (order.length >= 1 << l.fileBits)
      throw new RangeError(`kernel bound: ${order.length} file objects`);
    out.bits(order.length, l.fileBits);
    for (const id of order) {
      const f = k.files[id];
      if (f === undefined) throw new RangeError(`kernel bound: file ${id} is reached but missing`);
      if (f.kind === 'regular' && f.raPages !== READ_AROUND_PAGES)
        throw new RangeError('kernel bound: a file the bound did not create');
      const size = f.size / 4096;
      if (!Number.isInteger(size) || size >= 1 << l.fileSizeBits)
        throw new RangeError(`kernel bound: a file of ${f.size} bytes`);
      out.bits(FILE_KINDS.indexOf(f.kind), 2);
      out.bits(size, l.fileSizeBits);
      let cached = 0;
      for (let i = 0; i < size; i++) {
        const page = f.cache.get(i);
        if (page !== undefined) cached++;
        out.bits(page === undefined ? 0 : this.ids.page(page), l.pteBits);
      }
      if (cached !== f.cache.size) throw new RangeError('kernel bound: a page cached past EOF');
    }
  }

  /** A process's descriptors in fd order, each with the canonical number of its file. */
  private encodeFds(mm: Mm, out: Encoder): void {
    const l = this.l;
    if (mm.fds.size >= 1 << l.fdCountBits)
      throw new RangeError(`kernel bound: ${mm.fds.size} descriptors`);
    out.bits(mm.fds.size, l.fdCountBits);
    for (const fd of [...mm.fds.keys()].sort((a, b) => a - b)) {
      if (fd < 3 || fd - 3 >= 1 << l.fdBits) throw new RangeError(`kernel bound: fd ${fd}`);
      out.bits(fd - 3, l.fdBits);
      out.bits(this.ids.file(mm.fds.get(fd) ?? -1), l.fileBits);
    }
  }

  /** The region that comes to lie at each slot under the map being encoded (see invert). */
  private readonly from: Int32Array;
  /** The slot of each VMA of the process being encoded, by index (grown as needed). */
  private vmaSlots = new Int32Array(16);

  /** Fills `from` with map's inverse: the region moved to each slot (slots past the map stay). */
  private invert(map: readonly number[]): void {
    for (let slot = 0; slot < this.l.slots; slot++)
      this.from[slot] = slot < map.length ? map.indexOf(slot) : slot;
  }

  /**
   * Writes a process's VMAs in address order once region k lies at map[k]: a region's VMAs
   * keep their order, regions are ordered anew. No list of them is made: each VMA's slot is
   * read once, then the VMAs of each slot are written in turn.
   */
  private encodeRelabelledVmas(vmas: readonly Vma[], map: readonly number[], out: Encoder): void {
    const l = this.l;
    if (vmas.length > this.vmaSlots.length) this.vmaSlots = new Int32Array(2 * vmas.length);
    const slots = this.vmaSlots;
    for (let j = 0; j < vmas.length; j++) {
      const v = vmas[j];
      slots[j] = v === undefined ? -1 : slotIndexOf(l, v.start);
    }
    let written = 0;
    for (let slot = 0; slot < l.slots; slot++) {
      const from = this.from[slot];
      for (let j = 0; j < vmas.length; j++) {
        const v = vmas[j];
        if (slots[j] !== from || v === undefined) continue;
        this.encodeVma(v, map, out);
        written++;
      }
    }
    if (written !== vmas.length)
      throw new RangeError('kernel bound: a VMA outside the regions and heap');
  }

  private encodeMm(mm: Mm, map: readonly number[] | null, out: Encoder): void {
    const l = this.l;
    if (mm.thp === true || mm.hugePmds !== undefined)
      throw new RangeError('kernel bound: a process with thp on');
    this.ids.meetProcess(mm);
    // The process's scalars, low bits first in the order the decoder reads them, in one
    // Encoder.bits call (the constructor checks they fit in a word): CAP_IPC_LOCK, the indices
    // of RLIMIT_MEMLOCK and RLIMIT_DATA, def_flags' lock bits, locked_vm, the rest's lock bits
    // and, without file objects, the tmpfile's descriptor.
    const rlimit = mm.rlimitMemlock === null ? Infinity : Number(mm.rlimitMemlock);
    let head = (mm.capIpcLock ? 1 : 0) | ((l.rlimits.indexOf(rlimit) & 7) << 1);
    let width = 4;
    if (l.dataLimitBits > 0) {
      const data = l.dataLimits.indexOf(mm.rlimitData);
      if (data < 0)
        throw new RangeError(`kernel bound: RLIMIT_DATA ${mm.rlimitData} is none of the bound's`);
      head |= data << width;
      width += l.dataLimitBits;
    }
    head |= this.defBits.packed(mm.defFlags) << width;
    width += DEF_BITS.length;
    if (mm.lockedVm < 0 || mm.lockedVm >= 1 << l.lockedVmBits || mm.otherPages !== l.restPages)
      throw new RangeError(
        `kernel bound: locked_vm ${mm.lockedVm} or the rest of the process out of range`,
      );
    head |= mm.lockedVm << width;
    width += l.lockedVmBits;
    head |= this.restBits.packed(mm.otherLock) << width;
    width += REST_BITS.length;
    if (!l.objects) {
      head |= (mm.fds.size & 1) << width;
      width += 1;
    }
    out.bits(head, width);
    if (l.objects) this.encodeFds(mm, out);
    // One bit a region: whether its PMD has a page table (each region lies under one PMD).
    let tables = 0;
    const bounds = mm.pageTables.flat;
    for (let k = 0; k < bounds.length; k += 2)
      for (let pmd = bounds[k] ?? 0; pmd < (bounds[k + 1] ?? 0); pmd++) {
        // slotOf without its object: this runs for every process of every successor.
        const vpn = pmd * PTRS_PER_PTE;
        const slot = slotIndexOf(l, vpn);
        if (vpn !== vpnOfSlot(slot, 0))
          throw new RangeError('kernel bound: a page table outside the regions');
        tables |= 1 << (map?.[slot] ?? slot);
      }
    out.bits(tables, l.slots);
    if (l.heap) {
      // The break, in pages and bytes above start_brk (a break need not be page-aligned).
      const area = mm.brkArea;
      const start = vpnOfSlot(l.regions, 0) * 4096;
      if (area === undefined || area.startBrk !== start || area.brk < start)
        throw new RangeError('kernel bound: a heap the bound did not make');
      out.bits(Math.floor((area.brk - start) / 4096), l.offsetBits);
      out.bits((area.brk - start) % 4096, BRK_BYTE_BITS);
    }
    const vmas = mm.vmas;
    out.bits(vmas.length, l.vmaCountBits);
    if (map !== null) this.encodeRelabelledVmas(vmas, map, out);
    else
      for (let i = 0; i < vmas.length; i++) {
        const v = vmas[i];
        if (v !== undefined) this.encodeVma(v, map, out);
      }
  }

  private encodeVma(v: Vma, map: readonly number[] | null, out: Encoder): void {
    const l = this.l;
    if (v.name !== null || v.backing.kind === 'special')
      throw new RangeError('kernel bound: a special mapping');
    // Before the ids walk of its PTEs, which numbers them page by page: a VMA wider than a
    // region (a heap grown past TASK_SIZE by a faulty model) would exhaust the heap there, not
    // fail here. (Checked here rather than in a walk of its own over every VMA first.)
    if (v.end - v.start > l.pages)
      throw new RangeError(
        `kernel bound: a VMA of ${v.end - v.start} pages, wider than the bound's regions of ${l.pages}`,
      );
    // Index loops and no { slot, offset } objects: this runs for every VMA of every successor.
    // Fields go out a few to an Encoder.bits call, low bits first: the same words as one call
    // a field, in the order the decoder reads them (the widths fit, see the constructor).
    const slot = slotIndexOf(l, v.start);
    const offsetBits = l.offsetBits;
    out.bits(
      (map?.[slot] ?? slot) |
        ((v.start - vpnOfSlot(slot, 0)) << l.slotBits) |
        ((v.end - v.start) << (l.slotBits + offsetBits)),
      l.slotBits + 2 * offsetBits,
    );
    this.vmBits.pack(v.flags, out);
    const ids = this.ids;
    ids.meetVma(v);
    // The backing: a file bit, then the file object (object bounds) and the pgoff, or the
    // region an anon pgoff lies in and its offset there; then the anon_vma and its fork bit.
    let backing: number;
    let width: number;
    if (v.backing.kind === 'file') {
      backing = 1;
      width = 1;
      if (l.objects) {
        backing |= (ids.file(v.backing.file) & this.fileMask) << 1;
        width += l.fileBits;
      }
      backing |= (v.pgoff & this.filePgoffMask) << width;
      width += l.slotBits + offsetBits;
    } else {
      const p = anonSlotOf(v.pgoff);
      const offset = v.pgoff - vpnOfSlot(p, 0) + l.pages;
      if (p < 0 || p >= l.slots || offset < 0 || offset > 2 * l.pages)
        throw new RangeError(
          `kernel bound: an anon pgoff 0x${v.pgoff.toString(16)} more than ${l.pages} pages from every region`,
        );
      backing = ((map?.[p] ?? p) << 1) | (offset << (1 + l.slotBits));
      width = 1 + l.slotBits + l.anonOffsetBits;
    }
    backing |= (ids.anonVma(v.anonVma) & this.anonVmaMask) << width;
    width += l.anonVmaBits;
    out.bits(backing | ((v.anonVmaForked ? 1 : 0) << width), width + 1);
    // The PTEs' references, ptesPerWord to a call.
    const ptes = v.ptes.toArray();
    const pteBits = l.pteBits;
    let refs = 0;
    let count = 0;
    for (let i = 0; i < ptes.length; i++) {
      refs |= (ids.meetPte(ptes[i] ?? 0) & this.pteMask) << (count * pteBits);
      if (++count === this.ptesPerWord) {
        out.bits(refs, count * pteBits);
        refs = 0;
        count = 0;
      }
    }
    if (count > 0) out.bits(refs, count * pteBits);
  }

  decode(input: Decoder): BoundedState {
    const l = this.l;
    const hints = input.bits(3);
    const setup = input.bits(3);
    const nprocs = input.bits(1) + 1;
    let anonCount = 0;
    const procs: Mm[] = [];
    for (let i = 0; i < nprocs; i++) {
      const m = this.decodeMm(input);
      anonCount = Math.max(anonCount, m.anon);
      procs.push(m.dataLimit === undefined ? m.mm : { ...m.mm, rlimitData: m.dataLimit });
    }
    let files: FileObject[];
    if (l.objects) files = this.decodeObjects(input);
    else {
      // No cache is made for a state with no page cached and no descriptor open.
      let cache: Map<number, number> | null = null;
      for (let i = 0; i < l.filePages; i++) {
        const ref = input.bits(l.pteBits);
        if (ref !== 0) (cache ??= new Map()).set(i, ref);
      }
      let open = false;
      for (const m of procs) if (m.fds.size > 0) open = true;
      files =
        l.filePages > 0 && open
          ? [
              {
                kind: 'regular',
                size: l.filePages * 4096,
                cache: cache ?? new Map<number, number>(),
                raPages: READ_AROUND_PAGES,
              },
            ]
          : [];
    }
    const batch: MlockBatchEntry[] = [];
    const blen = input.bits(5);
    for (let i = 0; i < blen; i++) {
      const page = input.bits(l.pteBits);
      batch.push({ page, op: OPS[input.bits(2)] ?? 'mlock' });
    }
    // Pages come in id order: set one by one, with no list of pairs to sort (PageRuns.of).
    const pages = PageRuns.empty().copy();
    const uncertain: number[] = [];
    const count = input.bits(this.pageCountBits);
    for (let id = 1; id <= count; id++) {
      const mlocked = input.bits(1) === 1;
      const unevictable = input.bits(1) === 1;
      const mlockCount = input.bits(3);
      const mapCount = input.bits(3);
      const file = l.objects ? input.bits(l.fileBits) - 1 : input.bits(1) === 1 ? 0 : -1;
      const has = input.bits(1) === 1;
      const byte = input.bits(8);
      const data = has ? this.byteData(byte) : null;
      if (input.bits(1) === 1) uncertain.push(id);
      const dirty = input.bits(1) === 1;
      pages.set(id, { mlocked, unevictable, mlockCount, mapCount, file, data, dirty });
    }
    const kernel: KernelState = {
      procs,
      pages,
      mlockBatch: batch,
      mlockUncertain: uncertain,
      files,
      nextPage: count + 1,
      nextAnonVma: anonCount + 1,
    };
    return { kernel, hints, setup, result: null, call: null };
  }

  private decodeObjects(input: Decoder): FileObject[] {
    const l = this.l;
    const files: FileObject[] = [];
    const n = input.bits(l.fileBits);
    for (let k = 0; k < n; k++) {
      const kind = FILE_KINDS[input.bits(2)] ?? 'regular';
      const size = input.bits(l.fileSizeBits);
      const cache = new Map<number, number>();
      for (let i = 0; i < size; i++) {
        const ref = input.bits(l.pteBits);
        if (ref !== 0) cache.set(i, ref);
      }
      const raPages = kind === 'regular' ? READ_AROUND_PAGES : 0;
      files.push({ kind, size: size * 4096, cache, raPages });
    }
    return files;
  }

  private decodeFds(input: Decoder): ReadonlyMap<number, number> {
    const l = this.l;
    const fds = new Map<number, number>();
    const n = input.bits(l.fdCountBits);
    for (let k = 0; k < n; k++) {
      const fd = input.bits(l.fdBits) + 3;
      fds.set(fd, input.bits(l.fileBits) - 1);
    }
    return fds;
  }

  /** The backing of a decoded VMA of file object `file` (shared, as FILE_BACKING is). */
  private readonly fileBackings: Vma['backing'][] = [];

  private fileBacking(file: number): Vma['backing'] {
    return (this.fileBackings[file] ??= { kind: 'file', file });
  }

  private decodeMm(input: Decoder): { mm: Mm; anon: number; dataLimit: bigint | undefined } {
    const l = this.l;
    const capIpcLock = input.bits(1) === 1;
    const rlimitMemlock = this.rlimitValues[input.bits(3)] ?? null;
    const dataLimit = l.dataLimitBits > 0 ? l.dataLimits[input.bits(l.dataLimitBits)] : undefined;
    const defFlags = this.defBits.unpack(input);
    const lockedVm = input.bits(l.lockedVmBits);
    const otherLock = this.restBits.unpack(input);
    // Shared by every decoded state: an Mm's fds are read-only (files.ts copies to change).
    const fds = l.objects ? this.decodeFds(input) : input.bits(1) === 1 ? ONE_FD : NO_FDS;
    const pageTables = this.tableSet(input.bits(l.slots));
    const start = vpnOfSlot(l.regions, 0) * 4096;
    const brkArea = l.heap
      ? {
          startBrk: start,
          brk: start + input.bits(l.offsetBits) * 4096 + input.bits(BRK_BYTE_BITS),
        }
      : null;
    const n = input.bits(l.vmaCountBits);
    const vmas: Vma[] = [];
    let anon = 0;
    for (let i = 0; i < n; i++) {
      const start = vpnOfSlot(input.bits(l.slotBits), input.bits(l.offsetBits));
      const end = start + input.bits(l.offsetBits);
      const flags = this.vmBits.unpack(input);
      const file = input.bits(1) === 1;
      const fileRef = file && l.objects ? input.bits(l.fileBits) : 1;
      const pgoff = file
        ? input.bits(l.slotBits + l.offsetBits)
        : vpnOfSlot(input.bits(l.slotBits), input.bits(l.anonOffsetBits) - l.pages);
      const anonVma = input.bits(l.anonVmaBits);
      anon = Math.max(anon, anonVma);
      const anonVmaForked = input.bits(1) === 1;
      const ptes: number[] = [];
      for (let p = start; p < end; p++) {
        ptes.push(pteOfRef(input.bits(l.pteBits)));
      }
      const backing = !file
        ? ANON_BACKING
        : l.objects
          ? this.fileBacking(fileRef - 1)
          : FILE_BACKING;
      // newVma, not a literal: VMAs decoded here keep the one shape the kernel's own have, so
      // its property reads stay monomorphic.
      const runs = PteRuns.adopt(ptes);
      vmas.push(newVma(start, end, flags, backing, pgoff, anonVma, anonVmaForked, runs, null));
    }
    const mm: Mm = newMm(
      vmas,
      defFlags,
      lockedVm,
      rlimitMemlock,
      capIpcLock,
      l.restPages,
      otherLock,
      fds,
      pageTables,
      brkArea ?? undefined,
    );
    return { mm, anon, dataLimit };
  }
}
