// What a region-local memo of the step would have to key on (issue 15): a letter that names one
// region (no mremap target) reads that region's VMAs and the pages they map, and the globals a
// locking call reads. `regionKey` writes all of it as text, ids renumbered by first occurrence,
// so two (state, region) pairs get the same key iff they agree on everything the key holds.
// It is a measuring stick, not a proof: a call reading anything left out would make a memo
// unsound, and what it holds beyond the call's reads only lowers the hit rate it shows.

import type { Result } from '../../src/kernel/result.js';
import { type KernelState, type Mm, PTE_NONE, type Vma } from '../../src/kernel/state.js';
import { pmdOf } from '../../src/kernel/pageTables.js';
import { dataVmOf } from '../../src/kernel/dataLimit.js';
import { VM_GROWSDOWN, hasAny } from '../../src/uapi/vmFlags.js';
import { BASE_VPN, STRIDE_VPN } from '../../src/check/_internals/layout.js';

/** Page and anon_vma ids renumbered by first occurrence inside one key. */
class LocalIds {
  private readonly pages = new Map<number, number>();
  private readonly anonVmas = new Map<number, number>();
  /** The pages in order of first occurrence, for their contents. */
  readonly order: number[] = [];

  page(id: number): number {
    let n = this.pages.get(id);
    if (n === undefined) {
      n = this.pages.size;
      this.pages.set(id, n);
      this.order.push(id);
    }
    return n;
  }

  anonVma(id: number): number {
    if (id === 0) return -1;
    let n = this.anonVmas.get(id);
    if (n === undefined) {
      n = this.anonVmas.size;
      this.anonVmas.set(id, n);
    }
    return n;
  }
}

/** A PTE: none, zero page or guard marker as they are, a page by its local number. */
const pteText = (pte: number, ids: LocalIds): string =>
  pte <= PTE_NONE ? String(pte) : `p${ids.page(pte)}`;

/** A VMA relative to the region's first page: an anon pgoff into another region marked so. */
function vmaText(v: Vma, first: number, ids: LocalIds): string {
  const anonPgoff = v.pgoff - first;
  const pgoff =
    v.backing.kind === 'file'
      ? `f${v.pgoff}`
      : anonPgoff >= 0 && anonPgoff < STRIDE_VPN
        ? `a${anonPgoff}`
        : `elsewhere${v.pgoff - BASE_VPN}`;
  const ptes = v.ptes
    .toArray()
    .map((p) => pteText(p, ids))
    .join(' ');
  return `${v.start - first}-${v.end - first} ${v.flags} ${pgoff} av${ids.anonVma(v.anonVma)}${v.anonVmaForked ? 'F' : ''} [${ptes}]`;
}

/** The attributes of a process every locking call may read (limits, counters, def_flags). */
const mmGlobals = (mm: Mm): string =>
  `vm${mm.lockedVm} lim${mm.rlimitMemlock} cap${mm.capIpcLock} def${mm.defFlags} rest${mm.otherLock} fds${mm.fds.size} data${mm.rlimitData} brk${mm.brkArea?.startBrk}-${mm.brkArea?.brk}`;

/**
 * The calls of a region's letters that check RLIMIT_MEMLOCK (mremap names two regions); an
 * access too when it may grow a VM_GROWSDOWN VMA (mm/mmap.c:acct_stack_growth, access.ts),
 * which no letter of the bounds creates.
 */
const LIMITED: ReadonlySet<string> = new Set(['mlock', 'mlock2', 'mmap']);
const GROWING: ReadonlySet<string> = new Set(['read', 'write']);

/**
 * The attributes of a process `call` reads. mm/mlock.c:can_do_mlock passes with CAP_IPC_LOCK
 * whatever the limit, and the lock limit check (do_mlock; mm/mmap.c:mlock_future_ok for a
 * VM_LOCKED mapping) reads locked_vm only under a finite limit without the capability; of a
 * region's calls only mlock, mlock2 and mmap make them. do_mmap alone ORs in def_flags and
 * checks RLIMIT_DATA. The counters a call changes (locked_vm, VmData) change by what the
 * region's pages say, so a memo would keep the change, not the value.
 */
function mmReads(mm: Mm, call: string, first: number): string {
  const grows = (v: Vma) => hasAny(v.flags, VM_GROWSDOWN) && v.start >= first;
  if (!LIMITED.has(call) && !(GROWING.has(call) && mm.vmas.some(grows))) return '';
  const limit = mm.capIpcLock
    ? 'cap'
    : mm.rlimitMemlock === null
      ? 'unlimited'
      : `lim${mm.rlimitMemlock} vm${mm.lockedVm}`;
  if (call !== 'mmap') return limit;
  // mm/mmap.c:may_expand_vm reads data_vm, every data mapping's pages, under a RLIMIT_DATA.
  const data = mm.rlimitData === undefined ? '' : ` data${mm.rlimitData}/${dataVmOf(mm)}`;
  return `${limit} def${mm.defFlags}${data}`;
}

/**
 * The key of region `slot` of `k`: its VMAs and pages in every process, and the globals: all
 * of them, or with `call` only those `call` reads (mmReads; '' reads none: the content alone).
 */
export function regionKey(k: KernelState, slot: number, call?: string): string {
  const first = BASE_VPN + slot * STRIDE_VPN;
  const ids = new LocalIds();
  const parts: string[] = [];
  let mapsFile = false;
  for (const mm of k.procs) {
    const vmas = mm.vmas.filter((v) => v.start >= first && v.start < first + STRIDE_VPN);
    mapsFile ||= vmas.some((v) => v.backing.kind === 'file');
    parts.push(
      `mm ${call === undefined ? mmGlobals(mm) : mmReads(mm, call, first)} pt${mm.pageTables.has(pmdOf(first)) ? 1 : 0}`,
    );
    for (const v of vmas) parts.push(vmaText(v, first, ids));
  }
  // A shared file mapping reads the whole page cache (fault-around, read-around).
  const file = k.files[0];
  if (mapsFile && file !== undefined)
    parts.push(
      `cache ${[...file.cache]
        .sort(([a], [b]) => a - b)
        .map(([index, id]) => `${index}:${ids.page(id)}`)
        .join(' ')}`,
    );
  // A batch entry of a page outside the region still drains on this call's walk.
  parts.push(`batch ${k.mlockBatch.map((e) => `${e.op}:${pteText(e.page, ids)}`).join(' ')}`);
  for (const id of ids.order) {
    const p = k.pages.get(id);
    parts.push(
      p === undefined
        ? 'missing'
        : `${p.mlocked ? 'M' : 'm'}${p.unevictable ? 'U' : 'u'}${p.mlockCount}/${p.mapCount} ${p.file} ${p.data?.get(0) ?? '-'} ${p.dirty ? 'D' : 'd'}${k.mlockUncertain.includes(id) ? '?' : ''}`,
    );
  }
  return parts.join('\n');
}

/** What region `slot` of `k` holds, no global with it: what a memo's entry would give back. */
export const regionContent = (k: KernelState, slot: number): string => regionKey(k, slot, '');

/** A call's result as text (a value, an errno, a signal). */
function resultText(r: Result): string {
  switch (r.kind) {
    case 'value':
      return `=${r.value}`;
    case 'errno':
      return r.errno;
    case 'signal':
      return r.signal;
    default:
      return r.kind;
  }
}

/**
 * What a memo's entry for a call on region `slot` would hold: the result, the region's new
 * content and how each process's attributes moved (locked_vm as a change, the rest named only
 * when they changed: under one key their values may differ where the call does not read them).
 */
export function regionOutcome(
  before: KernelState,
  after: KernelState,
  slot: number,
  result: Result,
): string {
  const mms = after.procs.map((mm, i) => {
    const was = before.procs[i];
    if (was === undefined) return `new ${mmGlobals(mm)}`;
    const moved = (name: string, a: unknown, b: unknown): string =>
      a === b ? '' : ` ${name}${String(a)}`;
    return `dvm${mm.lockedVm - was.lockedVm}${moved('lim', mm.rlimitMemlock, was.rlimitMemlock)}${moved('cap', mm.capIpcLock, was.capIpcLock)}${moved('def', mm.defFlags, was.defFlags)}${moved('rest', mm.otherLock, was.otherLock)}`;
  });
  return `${resultText(result)}\n${mms.join('\n')}\n${regionContent(after, slot)}`;
}

/** Whether the call on region `slot` changed what another placed region holds. */
export function touchedOthers(
  before: KernelState,
  after: KernelState,
  slot: number,
  placed: number,
): boolean {
  for (let other = 0; other < placed; other++)
    if (other !== slot && regionContent(before, other) !== regionContent(after, other)) return true;
  return false;
}
