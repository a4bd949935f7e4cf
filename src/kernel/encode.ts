// The canonical encoding of a state, as numbers, for comparing states: two states that differ
// only in the ids the simulator happened to allocate (page ids, anon_vma ids, file ids) encode
// the same, and states that differ in anything else do not. Ids come from the one canonical
// numbering (canonicalIds.ts); the bounded checker packs the same numbering into bits
// (src/check/_internals/stateCodec.ts).

import { CanonicalIds } from './canonicalIds.js';
import { HPAGE_PMD_NR } from './largeFolios.js';
import type { KernelState, Mm, Vma } from './state.js';

const TWO32 = 0x1_0000_0000;

function pushName(name: string | null, out: number[]): void {
  if (name === null) {
    out.push(0);
    return;
  }
  out.push(name.length + 1);
  for (let i = 0; i < name.length; i++) out.push(name.charCodeAt(i));
}

function encodeVma(ids: CanonicalIds, v: Vma, out: number[]): void {
  const backing =
    v.backing.kind === 'file' ? 2 + ids.file(v.backing.file) : v.backing.kind === 'anon' ? 0 : 1;
  out.push(v.start, v.end, Math.floor(v.flags / TWO32), v.flags >>> 0, backing, v.pgoff);
  out.push(ids.anonVma(v.anonVma), v.anonVmaForked ? 1 : 0);
  pushName(v.name, out);
  for (const p of v.ptes.toArray()) out.push(ids.pte(p));
}

function encodeMm(ids: CanonicalIds, mm: Mm, out: number[]): void {
  const rlimit = mm.rlimitMemlock ?? -1n;
  out.push(Math.floor(mm.defFlags / TWO32), mm.defFlags >>> 0, mm.lockedVm);
  out.push(Number(rlimit >> 32n), Number(BigInt.asUintN(32, rlimit)));
  out.push(mm.capIpcLock ? 1 : 0, mm.otherPages, mm.otherLock >>> 0, mm.fds.size);
  for (const fd of [...mm.fds.keys()].sort((a, b) => a - b))
    out.push(fd, ids.file(mm.fds.get(fd) ?? -1));
  out.push(mm.pageTables.flat.length, ...mm.pageTables.flat);
  out.push(mm.brkArea?.startBrk ?? -1, mm.brkArea?.brk ?? -1);
  const data = mm.rlimitData ?? -1n;
  out.push(Number(data >> 32n), Number(BigInt.asUintN(32, data)));
  out.push(mm.vmas.length);
  for (const v of mm.vmas) encodeVma(ids, v, out);
}

/** Appends the canonical encoding of `state` to `out`, numbering ids with `ids`. */
export function encodeState(
  state: KernelState,
  out: number[],
  ids: CanonicalIds = new CanonicalIds(),
): void {
  ids.number(state);
  out.push(state.procs.length);
  for (const mm of state.procs) encodeMm(ids, mm, out);
  // Each file's cache may hold pages no PTE maps.
  const fileOrder = ids.fileOrder;
  out.push(fileOrder.length);
  for (const id of fileOrder) {
    const file = state.files[id];
    if (file === undefined) {
      out.push(-1);
      continue;
    }
    // A regular file without readahead (fusefile) is kind 3; the others keep their codes.
    const kind =
      file.kind === 'regular' ? (file.raPages > 0 ? 0 : 3) : file.kind === 'shmem' ? 1 : 2;
    out.push(kind, file.size);
    out.push(file.cache.size);
    for (const index of [...file.cache.keys()].sort((a, b) => a - b))
      out.push(index, ids.page(file.cache.get(index) ?? 0));
  }
  // The mlock batch: pending entries decide what later drains do. A freed page encodes as 0.
  out.push(state.mlockBatch.length);
  for (const e of state.mlockBatch) {
    const op = e.op === 'mlock' ? 0 : e.op === 'new' ? 1 : 2;
    out.push(ids.page(e.page), op);
  }
  // Pages in canonical order; whether a page is uncertain is one of its bits, so the order
  // of the mlockUncertain list (by allocated id) does not show.
  out.push(ids.pageCount);
  for (let n = 0; n < ids.pageCount; n++) {
    const id = ids.pageAt(n);
    const page = state.pages.get(id);
    if (page === undefined) {
      out.push(-1);
      continue;
    }
    const data = page.data === null ? [] : [...page.data.entries()].sort((a, b) => a[0] - b[0]);
    const uncertain = state.mlockUncertain.includes(id);
    out.push(
      (page.mlocked ? 1 : 0) |
        (page.unevictable ? 2 : 0) |
        (uncertain ? 4 : 0) |
        (page.dirty ? 8 : 0),
      page.mlockCount,
      page.mapCount,
      page.file < 0 ? -1 : ids.file(page.file),
      data.length,
    );
    for (const [offset, byte] of data) out.push(offset, byte);
  }
  encodeLargeFolios(ids, state, out);
}

/**
 * `thp on`, huge PMDs and large folios (hugePmd.ts, largeFolios.ts), appended only to a state
 * that has any, so that every other state encodes as before: after a marker word, each
 * process's THP bit and huge PMD ranges, then each large folio as its live pages' canonical
 * ids (the canonical numbering need not keep a folio's ids consecutive).
 */
function encodeLargeFolios(ids: CanonicalIds, state: KernelState, out: number[]): void {
  const folios = state.largeFolios ?? [];
  if (
    folios.length === 0 &&
    state.procs.every((mm) => mm.thp !== true && mm.hugePmds === undefined)
  )
    return;
  out.push(-1, state.procs.length);
  for (const mm of state.procs) {
    const pmds = mm.hugePmds?.flat ?? [];
    out.push(mm.thp === true ? 1 : 0, pmds.length, ...pmds);
  }
  out.push(folios.length);
  for (const head of folios) {
    const members: number[] = [];
    state.pages.forEachRun(head, HPAGE_PMD_NR, (id, n) => {
      for (let k = 0; k < n; k++) members.push(ids.page(id + k));
    });
    out.push(members.length, ...members);
  }
}

const shared = new CanonicalIds();
const left: number[] = [];
const right: number[] = [];

/**
 * Whether two states encode the same: stateKey(a) === stateKey(b) without building strings.
 * The checker asks it for transitions (a lock call made twice, a refused call).
 */
export function sameState(a: KernelState, b: KernelState): boolean {
  if (a === b) return true;
  left.length = 0;
  right.length = 0;
  encodeState(a, left, shared);
  encodeState(b, right, shared);
  if (left.length !== right.length) return false;
  for (let i = 0; i < left.length; i++) if (left[i] !== right[i]) return false;
  return true;
}

/** The canonical encoding as a string key (for tests, properties and small searches). */
export function stateKey(state: KernelState): string {
  const out: number[] = [];
  encodeState(state, out, shared);
  return out.join(',');
}
