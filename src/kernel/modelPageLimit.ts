// NOTE: the simulator keeps one PTE a page for every VMA and one Page a populated page, so a
// trace that maps a terabyte would run Node out of memory, and one that populates a gigabyte
// would take minutes. Until pages are kept sparsely (spec/limitations.md), a model engine
// refuses, with this error, any trace whose mappings exceed a fixed number of pages: the run
// stops as "could not run to the end" at that statement, with this reason, never an abort.

import type { ConcreteCall, ConcreteObservable } from '../uapi/engine.js';
import { PAGE, TASK_SIZE } from './addr.js';
import type { KernelState } from './state.js';

/** The most pages a model run maps at once, over every process: 2^14 pages, 64 MiB. */
export const MODEL_MAX_PAGES = 1 << 14;

/** A trace asks a model for more pages than it can hold (see MODEL_MAX_PAGES). */
export class ModelLimitError extends Error {
  constructor(what: string, pages: bigint) {
    super(
      `${what} ${pages} pages: a model runs at most ${MODEL_MAX_PAGES} pages (${(MODEL_MAX_PAGES * Number(PAGE)) >> 20} MiB) of mappings at once, until pages are kept sparsely (spec/limitations.md)`,
    );
    this.name = 'ModelLimitError';
  }
}

const pagesOf = (bytes: bigint): bigint => (bytes + PAGE - 1n) / PAGE;

/**
 * Before a call: throws when it would make a mapping larger than the limit. A length beyond
 * TASK_SIZE fails in the kernel (ENOMEM, EINVAL) before anything is mapped, so it runs.
 */
export function checkCallPages(call: ConcreteCall): void {
  const length =
    call.call === 'mmap' ? call.args[1] : call.call === 'mremap' ? call.args[2] : undefined;
  if (length === undefined || length > TASK_SIZE) return;
  const pages = pagesOf(length);
  if (pages > BigInt(MODEL_MAX_PAGES)) throw new ModelLimitError(`${call.call} of`, pages);
}

/** After a call or a fork: throws when every process's mappings together exceed the limit. */
export function checkStatePages(state: KernelState): void {
  let pages = 0;
  for (const mm of state.procs) for (const vma of mm.vmas) pages += vma.end - vma.start;
  if (pages > MODEL_MAX_PAGES) throw new ModelLimitError('mappings of', BigInt(pages));
}

/** A check of pages(ADDR, LEN) reads a letter a page: LEN is held to the same limit. */
export function checkObservedPages(what: ConcreteObservable): void {
  if (what.kind !== 'pages') return;
  const pages = pagesOf(what.len);
  if (pages > BigInt(MODEL_MAX_PAGES)) throw new ModelLimitError('pages() of', pages);
}
