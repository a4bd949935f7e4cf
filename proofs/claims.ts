// The claims: invariant x models x bound -> expected verdict. The spec (spec/) is unbounded;
// every bound lives here with the verdict it must produce, expected failures included.
// test/proofs/claims.test.ts re-checks every claim a checker it knows can check.

import type { KernelCall } from '../src/kernel/call.js';
import {
  MAP_ANONYMOUS,
  MAP_LOCKED,
  MAP_PRIVATE,
  MREMAP_DONTUNMAP,
  MREMAP_MAYMOVE,
} from '../src/uapi/constants.js';
import { PROT_READ, PROT_WRITE } from '../src/uapi/constants.js';
import { regionHint } from '../src/uapi/engine.js';
import { INVARIANTS } from '../spec/invariants/index.js';

export type Verdict =
  { readonly verdict: 'holds' } | { readonly verdict: 'fails'; readonly reason: string };

/** The statechart bridge (`mmspec spec`): composed machine of regions x pages, simple paths to depth. */
export interface GraphBound {
  readonly checker: 'graph';
  readonly regions: number;
  readonly pages: number;
  readonly depth: number;
}

/** A fixed sequence of calls, the invariant tested after each: for bounds the graph has no events for. */
export interface WitnessBound {
  readonly checker: 'witness';
  readonly calls: readonly KernelCall[];
}

export interface Claim {
  readonly invariant: string;
  readonly models: readonly string[];
  readonly bound: GraphBound | WitnessBound;
  readonly expected: Verdict;
}

export const GRAPH_BOUND: GraphBound = { checker: 'graph', regions: 2, pages: 2, depth: 3 };
const SMALL_GRAPH_BOUND: GraphBound = { checker: 'graph', regions: 2, pages: 1, depth: 3 };
const HOLDS: Verdict = { verdict: 'holds' };

const P = 4096n;
/** mmap(MAP_LOCKED) one page, then mremap(MREMAP_MAYMOVE|MREMAP_DONTUNMAP) it (semantics 18.3). */
const DONTUNMAP_WITNESS: readonly KernelCall[] = [
  {
    call: 'mmap',
    args: [
      regionHint(0),
      P,
      BigInt(PROT_READ | PROT_WRITE),
      BigInt(MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED),
      (1n << 64n) - 1n,
      0n,
    ],
  },
  {
    call: 'mremap',
    args: [regionHint(0), P, P, BigInt(MREMAP_MAYMOVE | MREMAP_DONTUNMAP), regionHint(1)],
  },
];

export const CLAIMS: readonly Claim[] = [
  // Every invariant holds on Linux 6.18 over the statechart bound.
  ...INVARIANTS.map((i): Claim => ({
    invariant: i.name,
    models: ['linux-6.18'],
    bound: GRAPH_BOUND,
    expected: HOLDS,
  })),
  // The 6.18 MREMAP_DONTUNMAP leak: the invariant is stated truthfully and fails here.
  {
    invariant: 'lockedVmMatchesLockedVmas',
    models: ['linux-6.18'],
    bound: { checker: 'witness', calls: DONTUNMAP_WITNESS },
    expected: {
      verdict: 'fails',
      reason:
        'semantics 18.3: MREMAP_DONTUNMAP of a VM_LOCKED VMA charges locked_vm again (6.18 quirk)',
    },
  },
  // The planted mutation: the graph bridge must see it.
  {
    invariant: 'mclFutureClearingConsistent',
    models: ['planted:mcl-current-keeps-future'],
    bound: SMALL_GRAPH_BOUND,
    expected: { verdict: 'fails', reason: 'planted: mlockall(MCL_CURRENT) keeps MCL_FUTURE' },
  },
];

// The explorer's claims (mmspec check) live beside these, over kernel bounds.
export { EXPLORER_CLAIMS } from './explorerClaims.js';
