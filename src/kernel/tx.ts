// The working copy of a state during one step. System-call code reads and writes it freely;
// `commit()` turns it back into an immutable KernelState. Objects of the old state are never
// mutated: a changed VMA, page or file is replaced by a new object (copy on write), which is
// what keeps `step` pure while sharing everything unchanged.

import { type BatchRun, entriesOf, entryCount, runsOf, sameEntries } from './batchRuns.js';
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
  currentMm,
  mmWithVmas,
  vmaWith,
} from './state.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type WorkingMm = Mutable<Omit<Mm, 'vmas'>> & { vmas: Vma[] };

/**
 * Every field of Mm but the VMA list, listed so that copying and comparing an mm are plain
 * property reads rather than spreads and key loops (each step copies one): a field added to Mm
 * and not listed here fails the type check below.
 */
export const MM_FIELDS = [
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
  'thp',
  'hugePmds',
] as const satisfies readonly (keyof Mm)[];
/** `true` only while MM_FIELDS names every field of Mm but `vmas`. */
export const MM_FIELDS_COMPLETE: [Exclude<keyof Mm, 'vmas' | (typeof MM_FIELDS)[number]>] extends [
  never,
]
  ? true
  : never = true;

export class Tx {
  readonly model: KernelModel;
  /** The current process, mutable; `vmas` is a private copy of its VMA list. */
  readonly mm: WorkingMm;
  /**
   * The processes below the current one: the start state's until fork or exit replaces them
   * (setParents), so a step that keeps them copies nothing.
   */
  private procs: readonly Mm[] | null = null;
  /** The state the step started from: commit hands it back when the step changed nothing. */
  private readonly base: KernelState;
  private pagesCopy: MutablePageRuns | null = null;
  private filesCopy: FileObject[] | null = null;
  private basePages: PageRuns;
  private readonly baseBatch: readonly MlockBatchEntry[];
  /** The batch as runs (batchRuns.ts), made on first use in a step. */
  private batchRunsCopy: BatchRun[] | null = null;
  /** Pages whose mlock state is uncertain (KernelState.mlockUncertain). */
  uncertain: readonly number[];
  private baseFiles: readonly FileObject[];
  nextPage: number;
  nextAnonVma: number;
  /** KernelState.largeFolios, replaced (never mutated) when a folio comes or goes. */
  largeFolios: readonly number[] | undefined;
  /** The environment's answers to this call's faults (environment.ts); none by default. */
  env: FaultEnvironment = FaultEnvironment.NONE;
  /**
   * Set for a call started on a thread (populateSteps.ts): the population a call does after
   * dropping mmap_lock is recorded in `deferred` instead of run, and done step by step.
   */
  deferPopulation = false;
  deferred: DeferredPopulation | null = null;
  private switched = false;
  /** An optional field was deleted from the working mm (dropMmField). */
  private reshaped = false;

  constructor(model: KernelModel, state: KernelState) {
    this.model = model;
    this.base = state;
    const current = state.procs[state.procs.length - 1];
    if (current === undefined) throw new Error('Tx: the state has no process');
    this.mm = mmWithVmas(current, current.vmas.slice());
    this.basePages = state.pages;
    this.baseBatch = state.mlockBatch;
    this.uncertain = state.mlockUncertain;
    this.baseFiles = state.files;
    this.nextPage = state.nextPage;
    this.nextAnonVma = state.nextAnonVma;
    this.largeFolios = state.largeFolios;
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

  /** The per-CPU mlock batch as runs of entries, oldest first, made on first use in a step. */
  batch(): BatchRun[] {
    this.batchRunsCopy ??= runsOf(this.baseBatch);
    return this.batchRunsCopy;
  }

  /**
   * The batch's runs, handed over whole, the batch left empty (lru_add_drain takes every entry):
   * a new empty list rather than a copy of the old one spliced out.
   */
  takeBatch(): BatchRun[] {
    const runs = this.batch();
    this.batchRunsCopy = [];
    return runs;
  }

  /** How many entries the batch holds. */
  batchLength(): number {
    return this.batchRunsCopy === null ? this.baseBatch.length : entryCount(this.batchRunsCopy);
  }

  /** The batch at commit: the start state's entries when the step left them as they were. */
  private committedBatch(): readonly MlockBatchEntry[] {
    const runs = this.batchRunsCopy;
    if (runs === null || sameEntries(runs, this.baseBatch)) return this.baseBatch;
    return entriesOf(runs);
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
    this.procs ??= this.base.procs.slice(0, -1);
    return this.procs;
  }

  /** Replace the whole process stack (fork and exit). */
  setParents(procs: readonly Mm[]): void {
    this.procs = procs.slice();
  }

  currentAsMm(): Mm {
    return mmWithVmas(this.mm, this.mm.vmas.slice());
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
    const state: KernelState = {
      procs: this.committedProcs(),
      pages: this.pagesCopy ?? this.basePages,
      mlockBatch: this.committedBatch(),
      mlockUncertain: this.uncertain,
      files: this.filesCopy ?? this.baseFiles,
      nextPage: this.nextPage,
      nextAnonVma: this.nextAnonVma,
    };
    const folios = this.largeFolios;
    return folios === undefined || folios.length === 0 ? state : { ...state, largeFolios: folios };
  }

  /**
   * Takes an optional field (hugePmds, rlimitData) out of the working mm. Through here rather
   * than by a `delete` of the caller's own, so that commit knows the working mm may no longer
   * have newMm's hidden class (a deleted property can turn an object into a dictionary).
   */
  dropMmField(field: 'hugePmds' | 'rlimitData'): void {
    if (this.mm[field] === undefined) return;
    delete this.mm[field];
    this.reshaped = true;
  }

  /**
   * The working mm itself as the committed one, when it is sure to have the shape newMm gives:
   * the same process (no switchTo, whose Object.assign may add fields in another order), no
   * optional field taken out, and each optional field the very value the start state's mm had,
   * so present in the same order. Else a copy by mmWithVmas, as before: what this spares is one
   * mm a step that changes the state (the working copy is private to the step and never written
   * after commit).
   */
  private committedMm(before: Mm): Mm {
    const mm = this.mm;
    if (
      !this.switched &&
      !this.reshaped &&
      mm.brkArea === before.brkArea &&
      mm.rlimitData === before.rlimitData &&
      mm.thp === before.thp &&
      mm.hugePmds === before.hugePmds
    )
      return mm;
    return mmWithVmas(mm, mm.vmas);
  }

  /** The process stack after the step: the parents, then the current process. */
  private committedProcs(): Mm[] {
    const current = this.committedMm(currentMm(this.base));
    if (this.procs === null) {
      // Parents untouched: the start state's, with the current process replaced.
      const procs = this.base.procs.slice();
      procs[procs.length - 1] = current;
      return procs;
    }
    return [...this.procs, current];
  }

  private unchanged(): boolean {
    const b = this.base;
    if (this.pagesCopy !== null || this.filesCopy !== null) return false;
    if (this.uncertain !== b.mlockUncertain || this.nextPage !== b.nextPage) return false;
    if (this.nextAnonVma !== b.nextAnonVma) return false;
    if (this.largeFolios !== b.largeFolios) return false;
    if (this.batchRunsCopy !== null && !sameEntries(this.batchRunsCopy, b.mlockBatch)) return false;
    const n = b.procs.length;
    if (this.procs !== null) {
      if (this.procs.length !== n - 1) return false;
      for (let i = 0; i < n - 1; i++) if (this.procs[i] !== b.procs[i]) return false;
    }
    const before = b.procs[n - 1];
    if (before === undefined) return false;
    // Every field (MM_FIELDS is checked complete). Run objects (pageTables, a VMA's ptes)
    // compare by reference: a rebuilt but equal one counts as a change, which only costs an
    // encoding.
    if (!sameItems(this.mm.vmas, before.vmas)) return false;
    return sameMmFields(this.mm, before);
  }
}

/**
 * Every field of MM_FIELDS the same (by reference), spelt out field by field: a loop over the
 * names is a keyed load per field, and this runs for every step. A field added to Mm fails
 * MM_FIELDS_COMPLETE until listed there: list it here too.
 */
function sameMmFields(a: Omit<Mm, 'vmas'>, b: Omit<Mm, 'vmas'>): boolean {
  return (
    a.defFlags === b.defFlags &&
    a.lockedVm === b.lockedVm &&
    a.rlimitMemlock === b.rlimitMemlock &&
    a.capIpcLock === b.capIpcLock &&
    a.otherPages === b.otherPages &&
    a.otherLock === b.otherLock &&
    a.fds === b.fds &&
    a.pageTables === b.pageTables &&
    a.brkArea === b.brkArea &&
    a.rlimitData === b.rlimitData &&
    a.thp === b.thp &&
    a.hugePmds === b.hugePmds
  );
}

/** Same length, the same objects in the same places. */
function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
