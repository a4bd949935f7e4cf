// The working copy of a state during one step. System-call code reads and writes it freely;
// `commit()` turns it back into an immutable KernelState. Objects of the old state are never
// mutated: a changed VMA, page or file is replaced by a new object (copy on write), which is
// what keeps `step` pure while sharing everything unchanged.

import { FaultEnvironment } from './environment.js';
import type { KernelModel } from './model.js';
import type { DeferredPopulation } from './populateSteps.js';
import type { MutablePageRuns, PageRuns } from './pageRuns.js';
import {
  type FileObject,
  type KernelState,
  type MlockBatchEntry,
  type Mm,
  type Page,
  type Pte,
  type Vma,
  vmaWith,
} from './state.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type WorkingMm = Mutable<Omit<Mm, 'vmas'>> & { vmas: Vma[] };

/**
 * Every field of Mm but the VMA list, listed so that copying and comparing an mm are plain
 * property reads rather than spreads and key loops (each step copies one): a field added to Mm
 * and not listed here fails the type check below.
 */
const MM_FIELDS = [
  'defFlags',
  'lockedVm',
  'rlimitMemlock',
  'capIpcLock',
  'otherPages',
  'otherLock',
  'fds',
  'pageTables',
  'brkArea',
  'rlimitData',
] as const satisfies readonly (keyof Mm)[];
/** `true` only while MM_FIELDS names every field of Mm but `vmas`. */
export const MM_FIELDS_COMPLETE: [Exclude<keyof Mm, 'vmas' | (typeof MM_FIELDS)[number]>] extends [
  never,
]
  ? true
  : never = true;

/** `mm` with `vmas` for its VMA list, as a literal (brkArea added only when present). */
function withVmas<V extends readonly Vma[]>(
  mm: Omit<Mm, 'vmas'>,
  vmas: V,
): Mutable<Omit<Mm, 'vmas'>> & { vmas: V } {
  const { defFlags, lockedVm, rlimitMemlock, capIpcLock, otherPages, otherLock, fds } = mm;
  const { pageTables, brkArea, rlimitData } = mm;
  const copy: Mutable<Omit<Mm, 'vmas'>> & { vmas: V } = {
    vmas,
    defFlags,
    lockedVm,
    rlimitMemlock,
    capIpcLock,
    otherPages,
    otherLock,
    fds,
    pageTables,
  };
  if (brkArea !== undefined) copy.brkArea = brkArea;
  if (rlimitData !== undefined) copy.rlimitData = rlimitData;
  return copy;
}

export class Tx {
  readonly model: KernelModel;
  /** The current process, mutable; `vmas` is a private copy of its VMA list. */
  readonly mm: WorkingMm;
  private readonly procs: Mm[];
  /** The state the step started from: commit hands it back when the step changed nothing. */
  private readonly base: KernelState;
  private pagesCopy: MutablePageRuns | null = null;
  private filesCopy: FileObject[] | null = null;
  private basePages: PageRuns;
  private readonly baseBatch: readonly MlockBatchEntry[];
  private batchCopy: MlockBatchEntry[] | null = null;
  /** Pages whose mlock state is uncertain (KernelState.mlockUncertain). */
  uncertain: readonly number[];
  private baseFiles: readonly FileObject[];
  nextPage: number;
  nextAnonVma: number;
  /** The environment's answers to this call's faults (environment.ts); none by default. */
  env: FaultEnvironment = FaultEnvironment.NONE;
  /**
   * Set for a call started on a thread (populateSteps.ts): the population a call does after
   * dropping mmap_lock is recorded in `deferred` instead of run, and done step by step.
   */
  deferPopulation = false;
  deferred: DeferredPopulation | null = null;
  private switched = false;

  constructor(model: KernelModel, state: KernelState) {
    this.model = model;
    this.base = state;
    this.procs = state.procs.slice(0, -1);
    const current = state.procs[state.procs.length - 1];
    if (current === undefined) throw new Error('Tx: the state has no process');
    this.mm = withVmas(current, current.vmas.slice());
    this.basePages = state.pages;
    this.baseBatch = state.mlockBatch;
    this.uncertain = state.mlockUncertain;
    this.baseFiles = state.files;
    this.nextPage = state.nextPage;
    this.nextAnonVma = state.nextAnonVma;
  }

  /** Set one PTE of vmas[i]. */
  setPte(i: number, index: number, pte: Pte): void {
    this.setPtes(i, index, index + 1, pte);
  }

  /** Set PTEs [from, to) of vmas[i] to `pte` (a marker, or consecutive pages from `pte`). */
  setPtes(i: number, from: number, to: number, pte: Pte): void {
    const v = this.mm.vmas[i];
    if (v === undefined) throw new Error(`Tx.setPtes: no VMA at ${i}`);
    this.mm.vmas[i] = vmaWith(v, v.start, v.end, v.flags, v.pgoff, v.ptes.with(from, to, pte));
  }

  page(id: number): Page {
    const p = (this.pagesCopy ?? this.basePages).get(id);
    if (p === undefined) throw new Error(`Tx.page: no page ${id}`);
    return p;
  }

  setPage(id: number, page: Page | null): void {
    this.writablePages().set(id, page);
  }

  /** The pages, copied on first change in a step: run-wise changes go through this. */
  writablePages(): MutablePageRuns {
    this.pagesCopy ??= this.basePages.copy();
    return this.pagesCopy;
  }

  /** The per-CPU mlock batch, copied on first use in a step. */
  batch(): MlockBatchEntry[] {
    this.batchCopy ??= this.baseBatch.slice();
    return this.batchCopy;
  }

  allPages(): PageRuns {
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
    return withVmas(this.mm, this.mm.vmas.slice());
  }

  /** Make `mm` the current process (fork's child, or a parent again after exit). */
  switchTo(mm: Mm): void {
    Object.assign(this.mm, mm, { vmas: mm.vmas.slice() });
    this.switched = true;
  }

  /** Whether the step made another process current (fork's child, or a parent on exit). */
  get switchedProcess(): boolean {
    return this.switched;
  }

  /** The state the step started from (read-only: objects of it are never mutated). */
  get startState(): KernelState {
    return this.base;
  }

  /**
   * The state after the step: the very state it started from when nothing changed (most
   * refused calls), so callers may compare states by identity first (the explorer's self-loop
   * test, failedCallChangesNothing, mlockTwiceIsMlockOnce).
   */
  commit(): KernelState {
    if (this.unchanged()) return this.base;
    return {
      procs: [...this.procs, withVmas(this.mm, this.mm.vmas)],
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
    // Every field (MM_FIELDS is checked complete). Run objects (pageTables, a VMA's ptes)
    // compare by reference: a rebuilt but equal one counts as a change, which only costs an
    // encoding.
    if (!sameItems(this.mm.vmas, before.vmas)) return false;
    for (const key of MM_FIELDS) if (this.mm[key] !== before[key]) return false;
    return true;
  }
}

/** Same length, the same objects in the same places. */
function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
