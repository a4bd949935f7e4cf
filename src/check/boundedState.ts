// A state of the bounded system: the simulator's state, how many NULL-hint regions the trace
// has placed so far (the runner's hint counter, src/trace/bindings.ts), and which initial
// process it started as. `result` is the result of the call that led here: read by transition
// properties, never encoded (two states that differ only in it are the same state).

import type { KernelCall } from '../kernel/call.js';
import type { Result } from '../kernel/result.js';
import type { KernelState } from '../kernel/state.js';
import { regionHint } from '../uapi/engine.js';
import type { Letter } from './letter.js';

export interface BoundedState {
  readonly kernel: KernelState;
  readonly hints: number;
  readonly setup: number;
  readonly result: Result | null;
  /** The call that led here (null in an initial or decoded state); not encoded either. */
  readonly call: KernelCall | null;
  /**
   * The whole state the call led to, where the bound keeps less of it than the model returned
   * (execve: the new image's own mappings, kernelSystem.ts withoutProgramImage): what
   * transition properties judge the step on. Never encoded, so never in a decoded state.
   */
  readonly judged?: KernelState;
}

/** The descriptor `tmpfile` returns first: 0-2 are stdio (mm.fds, src/kernel/files.ts). */
export const FILE_FD = 3n;

/**
 * The call `letter` makes in state `s`, or null where the bound does not try it: a region not
 * placed yet, a NULL-hint mmap once every region is placed, fork inside a fork block.
 */
export function callOf(letter: Letter, s: BoundedState, regions: number): KernelCall | null {
  const procs = s.kernel.procs.length;
  if (letter.call === 'fork') return procs === 1 ? { call: 'fork', args: [] } : null;
  if (letter.call === 'exit') return procs > 1 ? { call: 'exit', args: [] } : null;
  if (letter.region !== undefined && letter.region >= s.hints) return null;
  if (letter.target !== undefined && letter.target >= s.hints) return null;
  const args: bigint[] = [];
  for (const a of letter.args) {
    switch (a.kind) {
      case 'int':
        args.push(a.value);
        break;
      case 'at':
        args.push(regionHint(letter.region ?? 0) + BigInt(a.page) * 4096n + BigInt(a.byte));
        break;
      case 'target':
        args.push(regionHint(letter.target ?? 0));
        break;
      case 'hint':
        if (s.hints >= regions) return null;
        args.push(regionHint(s.hints));
        break;
      case 'fd':
        args.push(FILE_FD);
        break;
      case 'heap':
        args.push(heapStart(regions) + BigInt(a.page) * 4096n + BigInt(a.byte));
        break;
    }
  }
  if (letter.inject === undefined) return { call: letter.call, args };
  const base = regionHint(letter.region ?? 0);
  const inject = letter.inject.map((j) => ({
    fault: j.fault,
    addr: base + BigInt(j.page) * 4096n,
  }));
  return { call: letter.call, args, inject };
}

/** start_brk of a bound with brk: the spot after the last region's (layout.ts: the heap slot). */
export const heapStart = (regions: number): bigint => regionHint(regions);

/** Whether the letter places a new region (and so advances the hint counter). */
export const placesRegion = (letter: Letter): boolean => letter.args.some((a) => a.kind === 'hint');
