// The canonical encoding of a state, for hashing and de-duplication in the explorer: two
// states that differ only in the ids the simulator happened to allocate (page ids, anon_vma
// ids, file ids) encode the same. Ids are renumbered in order of first appearance in a fixed
// walk: processes, their VMAs and PTEs, then the files and their page caches.

import { PTE_GUARD, PTE_NONE, PTE_ZERO, type KernelState, type Mm, type Vma } from './state.js';

const TWO32 = 0x1_0000_0000;

class Renumber {
  private readonly ids = new Map<number, number>();
  readonly order: number[] = [];
  of(id: number): number {
    let n = this.ids.get(id);
    if (n === undefined) {
      n = this.ids.size + 1;
      this.ids.set(id, n);
      this.order.push(id);
    }
    return n;
  }
}

interface Canon {
  readonly pages: Renumber;
  readonly anonVmas: Renumber;
  readonly files: Renumber;
  readonly names: Renumber;
}

function pte(c: Canon, p: number): number {
  if (p === PTE_NONE) return 0;
  if (p === PTE_ZERO) return 1;
  if (p === PTE_GUARD) return 2;
  return 2 + c.pages.of(p);
}

function encodeVma(c: Canon, v: Vma, out: number[]): void {
  const backing =
    v.backing.kind === 'file' ? 2 + c.files.of(v.backing.file) : v.backing.kind === 'anon' ? 0 : 1;
  const name = v.name === null ? 0 : c.names.of(v.name.length * 7919 + v.name.charCodeAt(2));
  out.push(v.start, v.end, Math.floor(v.flags / TWO32), v.flags >>> 0, backing, v.pgoff);
  out.push(v.anonVma === 0 ? 0 : c.anonVmas.of(v.anonVma), v.anonVmaForked ? 1 : 0, name);
  for (const p of v.ptes) out.push(pte(c, p));
}

function encodeMm(c: Canon, mm: Mm, out: number[]): void {
  const rlimit = mm.rlimitMemlock === Infinity ? -1 : mm.rlimitMemlock;
  out.push(Math.floor(mm.defFlags / TWO32), mm.defFlags >>> 0, mm.lockedVm, rlimit);
  out.push(mm.capIpcLock ? 1 : 0, mm.otherPages, mm.otherLock >>> 0, mm.fds.size);
  for (const fd of [...mm.fds.keys()].sort((a, b) => a - b))
    out.push(fd, c.files.of(mm.fds.get(fd) ?? -1));
  out.push(mm.pageTables.length, ...mm.pageTables);
  out.push(mm.vmas.length);
  for (const v of mm.vmas) encodeVma(c, v, out);
}

/** Appends the canonical encoding of `state` to `out`. */
export function encodeState(state: KernelState, out: number[]): void {
  const c: Canon = {
    pages: new Renumber(),
    anonVmas: new Renumber(),
    files: new Renumber(),
    names: new Renumber(),
  };
  out.push(state.procs.length);
  for (const mm of state.procs) encodeMm(c, mm, out);
  // Files in order of first appearance; each file's cache may name pages no PTE maps.
  for (let i = 0; i < c.files.order.length; i++) {
    const file = state.files[c.files.order[i] ?? -1];
    if (file === undefined) continue;
    out.push(
      file.kind === 'regular' ? 0 : file.kind === 'shmem' ? 1 : 2,
      file.size,
      file.cache.size,
    );
    for (const index of [...file.cache.keys()].sort((a, b) => a - b))
      out.push(index, c.pages.of(file.cache.get(index) ?? 0));
  }
  // The mlock batch: pending entries decide what later drains do. A freed page encodes as 0.
  out.push(state.mlockBatch.length);
  for (const e of state.mlockBatch) {
    const op = e.op === 'mlock' ? 0 : e.op === 'new' ? 1 : 2;
    out.push(state.pages.has(e.page) ? c.pages.of(e.page) : 0, op);
  }
  out.push(state.mlockUncertain.length);
  for (const id of state.mlockUncertain) out.push(c.pages.of(id));
  out.push(c.pages.order.length);
  for (const id of c.pages.order) {
    const page = state.pages.get(id);
    if (page === undefined) continue;
    const data = page.data === null ? [] : [...page.data.entries()].sort((a, b) => a[0] - b[0]);
    out.push(
      (page.mlocked ? 1 : 0) | (page.unevictable ? 2 : 0),
      page.mlockCount,
      page.mapCount,
      page.file < 0 ? page.file : c.files.of(page.file),
      data.length,
    );
    for (const [offset, byte] of data) out.push(offset, byte);
  }
}

/** The canonical encoding as a string key (for tests and small searches). */
export function stateKey(state: KernelState): string {
  const out: number[] = [];
  encodeState(state, out);
  return out.join(',');
}
