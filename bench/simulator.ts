// The simulator's throughput: calls of a mixed workload through the pure step function, in
// calls per second on one core. The workload is fixed (a seeded generator), so runs compare.

import type { BenchOutcome, Benchmark } from './benchmark.js';
import type { KernelCall } from '../src/kernel/call.js';
import { initialState } from '../src/kernel/initialState.js';
import type { KernelState } from '../src/kernel/state.js';
import { step } from '../src/kernel/step.js';
import * as U from '../src/uapi/constants.js';
import { regionHint } from '../src/uapi/engine.js';
import { getModel } from '../models/registry.js';

const P = 4096n;

/** A small deterministic generator (mulberry32), so every run makes the same calls. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The mixed workload: mmaps, locks, unlocks, advice, protections and accesses on 3 regions. */
export function workload(n: number, seed = 1): KernelCall[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const addr = () => regionHint(Math.floor(r() * 3)) + BigInt(Math.floor(r() * 4)) * P;
  const len = () => BigInt(1 + Math.floor(r() * 4)) * P;
  const anon = U.MAP_PRIVATE | U.MAP_ANONYMOUS;
  const makers: (() => KernelCall)[] = [
    () => ({
      call: 'mmap',
      args: [
        addr(),
        len(),
        3n,
        BigInt(pick([anon, anon | U.MAP_LOCKED, anon | U.MAP_POPULATE])),
        -1n,
        0n,
      ],
    }),
    () => ({ call: 'mlock', args: [addr(), len()] }),
    () => ({ call: 'mlock2', args: [addr(), len(), BigInt(U.MLOCK_ONFAULT)] }),
    () => ({ call: 'munlock', args: [addr(), len()] }),
    () => ({ call: 'mlockall', args: [BigInt(pick([1, 2, 3, 5, 6, 7]))] }),
    () => ({ call: 'munlockall', args: [] }),
    () => ({
      call: 'madvise',
      args: [
        addr(),
        len(),
        BigInt(pick([U.MADV_DONTNEED, U.MADV_POPULATE_WRITE, U.MADV_POPULATE_READ])),
      ],
    }),
    () => ({ call: 'mprotect', args: [addr(), len(), BigInt(pick([1, 3]))] }),
    () => ({ call: 'write', args: [addr(), 7n] }),
    () => ({ call: 'read', args: [addr()] }),
    () => ({ call: 'munmap', args: [addr(), len()] }),
  ];
  return Array.from({ length: n }, () => pick(makers)());
}

function measure(seconds: number): BenchOutcome {
  const model = getModel('linux-6.18');
  const calls = workload(4096);
  const fresh = initialState({ rlimitMemlock: null, capIpcLock: true });
  let state: KernelState = fresh;
  let done = 0;
  let peak = process.memoryUsage().rss;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const deadline = start + seconds * 1000;
  while (performance.now() < deadline) {
    for (let i = 0; i < calls.length; i++) {
      // A new process every 32 calls keeps the address space the size of a trace's.
      if (i % 32 === 0) state = fresh;
      state = step(model, state, calls[i] as KernelCall).state;
    }
    done += calls.length;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const elapsed = (performance.now() - start) / 1000;
  // On a shared machine the wall clock counts other processes' time too: the user CPU time of
  // this process (the garbage collector's threads included) is what compares between runs.
  const userSeconds = process.cpuUsage(cpuBefore).user / 1e6;
  const callsPerSecond = Math.round(done / elapsed);
  const callsPerCpuSecond = Math.round(done / userSeconds);
  const peakRssMB = Math.round(peak / 2 ** 20);
  return {
    figures: {
      calls: done,
      seconds: Number(elapsed.toFixed(3)),
      userSeconds: Number(userSeconds.toFixed(3)),
      callsPerSecond,
      callsPerCpuSecond,
      peakRssMB,
    },
    text: `simulator: ${callsPerSecond.toLocaleString('en')} calls/s wall, ${callsPerCpuSecond.toLocaleString('en')} calls per user-CPU second, on a mixed workload (${done.toLocaleString('en')} calls in ${elapsed.toFixed(2)} s, ${userSeconds.toFixed(2)} s user, one core), peak RSS ${peakRssMB} MB`,
  };
}

export const simulatorBenchmark: Benchmark = {
  name: 'simulator',
  description:
    'calls per second (wall and user CPU) through step() on a mixed workload (target 1,000,000)',
  usage: '[--seconds S]',
  run: (args) => {
    const i = args.indexOf('--seconds');
    const seconds = i >= 0 ? Number(args[i + 1]) : 3;
    return Promise.resolve(measure(Number.isFinite(seconds) && seconds > 0 ? seconds : 3));
  },
};
