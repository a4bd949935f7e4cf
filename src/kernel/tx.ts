// The working copy of a state during one step. System-call code reads and writes it freely;
// `commit()` turns it back into an immutable KernelState. Objects of the old state are never
// mutated: a changed VMA, page or file is replaced by a new object (copy on write), which is
// what keeps `step` pure while sharing everything unchanged.

import type { KernelModel } from './model.js';
import type { FileObject, KernelState, MlockBatchEntry, Mm, Page, Vma } from './state.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class Tx {
  readonly model: KernelModel;
  /** The current process, mutable; `vmas` is a private copy of its VMA list. */
  readonly mm: Mutable<Omit<Mm, 'vmas'>> & { vmas: Vma[] };
  private readonly procs: Mm[];
  /** The state the step started from: commit hands it back when the step changed nothing. */
  private readonly base: KernelState;
  private pagesCopy: Map<number, Page> | null = null;
  private filesCopy: FileObject[] | null = null;
  private basePages: ReadonlyMap<number, Page>;
  private readonly baseBatch: readonly MlockBatchEntry[];
  private batchCopy: MlockBatchEntry[] | null = null;
  /** Pages whose mlock state is uncertain (KernelState.mlockUncertain). */
  uncertain: readonly number[];
  private baseFiles: readonly FileObject[];
  nextPage: number;
  nextAnonVma: number;
  /**
   * VMAs made during this step whose PTE array no other object shares: population may write
   * their PTEs in place instead of copying the array for every page it faults in.
   */
  private readonly ownedPtes = new WeakSet<object>();

  constructor(model: KernelModel, state: KernelState) {
    this.model = model;
    this.base = state;
    this.procs = state.procs.slice(0, -1);
    const current = state.procs[state.procs.length - 1];
    if (current === undefined) throw new Error('Tx: the state has no process');
    this.mm = { ...current, vmas: current.vmas.slice() };
    this.basePages = state.pages;
    this.baseBatch = state.mlockBatch;
    this.uncertain = state.mlockUncertain;
    this.baseFiles = state.files;
    this.nextPage = state.nextPage;
    this.nextAnonVma = state.nextAnonVma;
  }

  /** Set one PTE of vmas[i], copying the VMA and its PTEs once a step at most. */
  setPte(i: number, index: number, pte: number): void {
    const v = this.mm.vmas[i];
    if (v === undefined) throw new Error(`Tx.setPte: no VMA at ${i}`);
    if (this.ownedPtes.has(v)) {
      (v.ptes as number[])[index] = pte;
      return;
    }
    const ptes = v.ptes.slice();
    ptes[index] = pte;
    const copy: Vma = { ...v, ptes };
    this.ownedPtes.add(copy);
    this.mm.vmas[i] = copy;
  }

  page(id: number): Page {
    const p = (this.pagesCopy ?? this.basePages).get(id);
    if (p === undefined) throw new Error(`Tx.page: no page ${id}`);
    return p;
  }

  setPage(id: number, page: Page | null): void {
    if (this.pagesCopy === null) this.pagesCopy = new Map(this.basePages);
    if (page === null) this.pagesCopy.delete(id);
    else this.pagesCopy.set(id, page);
  }

  /** The per-CPU mlock batch, copied on first use in a step. */
  batch(): MlockBatchEntry[] {
    this.batchCopy ??= this.baseBatch.slice();
    return this.batchCopy;
  }

  allPages(): ReadonlyMap<number, Page> {
    return this.pagesCopy ?? this.basePages;
  }

  file(id: number): FileObject {
    const f = (this.filesCopy ?? this.baseFiles)[id];
    if (f === undefined) throw new Error(`Tx.file: no file ${id}`);
    return f;
  }

  setFile(id: number, file: FileObject): void {
    if (this.filesCopy === null) this.filesCopy = this.baseFiles.slice();
    this.filesCopy[id] = file;
  }

  addFile(file: FileObject): number {
    if (this.filesCopy === null) this.filesCopy = this.baseFiles.slice();
    this.filesCopy.push(file);
    return this.filesCopy.length - 1;
  }

  newAnonVma(): number {
    return this.nextAnonVma++;
  }

  /** Processes below the current one (parents of fork blocks), outermost first. */
  parents(): readonly Mm[] {
    return this.procs;
  }

  /** Replace the whole process stack (fork and exit). */
  setParents(procs: readonly Mm[]): void {
    this.procs.length = 0;
    this.procs.push(...procs);
  }

  currentAsMm(): Mm {
    return { ...this.mm, vmas: this.mm.vmas.slice() };
  }

  /** Make `mm` the current process (fork's child, or a parent again after exit). */
  switchTo(mm: Mm): void {
    Object.assign(this.mm, mm, { vmas: mm.vmas.slice() });
  }

  /**
   * The state after the step: the very state it started from when nothing changed (most
   * refused calls), so callers may compare states by identity first (the explorer's self-loop
   * test, failedCallChangesNothing, mlockTwiceIsMlockOnce).
   */
  commit(): KernelState {
    if (this.unchanged()) return this.base;
    return {
      procs: [...this.procs, { ...this.mm, vmas: this.mm.vmas }],
      pages: this.pagesCopy ?? this.basePages,
      mlockBatch: this.batchCopy ?? this.baseBatch,
      mlockUncertain: this.uncertain,
      files: this.filesCopy ?? this.baseFiles,
      nextPage: this.nextPage,
      nextAnonVma: this.nextAnonVma,
    };
  }

  private unchanged(): boolean {
    const b = this.base;
    if (this.pagesCopy !== null || this.filesCopy !== null) return false;
    if (this.uncertain !== b.mlockUncertain || this.nextPage !== b.nextPage) return false;
    if (this.nextAnonVma !== b.nextAnonVma) return false;
    if (this.batchCopy !== null && !sameItems(this.batchCopy, b.mlockBatch)) return false;
    const n = b.procs.length;
    if (this.procs.length !== n - 1) return false;
    for (let i = 0; i < n - 1; i++) if (this.procs[i] !== b.procs[i]) return false;
    const before = b.procs[n - 1];
    if (before === undefined) return false;
    // Every field, not a list of them: a field added to Mm later is compared too.
    const mm = this.mm as unknown as Readonly<Record<string, unknown>>;
    const was = before as unknown as Readonly<Record<string, unknown>>;
    if (!sameItems(this.mm.vmas, before.vmas)) return false;
    for (const key in was) if (key !== 'vmas' && mm[key] !== was[key]) return false;
    for (const key in mm) if (!(key in was)) return false;
    return true;
  }
}

/** Same length, the same objects in the same places. */
function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
