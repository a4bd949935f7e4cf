// Shrinks a failing run further than BFS can: BFS gives the fewest steps, shrinking then makes
// them simpler while the property still fails: drop steps, start from the default process,
// drop flag bits, lock fewer pages, use offset 0. Greedy, to a fixpoint, as fast-check does.

import { constantTable } from '../trace/bindings.js';
import { placesRegion } from './boundedState.js';
import type { KernelSystem } from './kernelSystem.js';
import type { ArgSpec, Letter } from './letter.js';
import { type AnyProperty, replayLetters } from './replayLetters.js';

export interface Candidate {
  readonly setup: number;
  readonly letters: readonly Letter[];
}

const CONSTANTS = constantTable();

/** The flags spelled `A|B|C` without one of them, each with its value. */
function fewerFlags(a: Extract<ArgSpec, { kind: 'int' }>): ArgSpec[] {
  const parts = a.text.split('|');
  if (parts.length < 2) return [];
  const out: ArgSpec[] = [];
  for (let i = 0; i < parts.length; i++) {
    const rest = parts.filter((_, j) => j !== i);
    let value = 0n;
    for (const p of rest) {
      const v = CONSTANTS.get(p) ?? (/^(0x[0-9a-f]+|\d+)$/i.test(p) ? BigInt(p) : undefined);
      if (v === undefined) return [];
      value |= v;
    }
    out.push({ kind: 'int', value, text: rest.join('|') });
  }
  return out;
}

function simplerArgs(a: ArgSpec): ArgSpec[] {
  if (a.kind === 'at')
    return a.byte !== 0 ? [{ ...a, byte: 0 }] : a.page !== 0 ? [{ ...a, page: 0 }] : [];
  // An unaligned break simplifies to the page's start (the heap's pages are kept: they say
  // which growth or shrink the letter is).
  if (a.kind === 'heap') return a.byte !== 0 ? [{ ...a, byte: 0 }] : [];
  if (a.kind !== 'int') return [];
  const m = /^(\d+)P$/.exec(a.text);
  if (m !== null && Number(m[1]) > 1) {
    const n = Number(m[1]) - 1;
    return [{ kind: 'int', value: BigInt(n) * 4096n, text: `${n}P` }];
  }
  return fewerFlags(a);
}

/**
 * Without the step that maps region r, and without every step naming r: the later regions
 * move down one name (the alphabet has the same letters for every region, so they stay in
 * it). Dropping the mmap alone would leave the later letters naming the wrong regions.
 */
function withoutRegion(letters: readonly Letter[], i: number): Letter[] {
  const r = letters.slice(0, i).filter(placesRegion).length;
  const down = (k: number | undefined) => (k !== undefined && k > r ? k - 1 : k);
  return letters.flatMap((l, j) => {
    if (j === i || l.region === r || l.target === r) return [];
    const region = down(l.region);
    const target = down(l.target);
    return [
      {
        ...l,
        ...(region === undefined ? {} : { region }),
        ...(target === undefined ? {} : { target }),
      },
    ];
  });
}

function* candidates(c: Candidate): Generator<Candidate> {
  for (let i = 0; i < c.letters.length; i++)
    yield { setup: c.setup, letters: c.letters.filter((_, j) => j !== i) };
  for (let i = 0; i < c.letters.length; i++) {
    const l = c.letters[i];
    if (l !== undefined && placesRegion(l))
      yield { setup: c.setup, letters: withoutRegion(c.letters, i) };
  }
  if (c.setup !== 0) yield { setup: 0, letters: c.letters };
  for (let i = 0; i < c.letters.length; i++) {
    const l = c.letters[i];
    if (l === undefined) continue;
    for (let k = 0; k < l.args.length; k++) {
      const arg = l.args[k];
      if (arg === undefined) continue;
      for (const simpler of simplerArgs(arg)) {
        const args = l.args.map((x, j) => (j === k ? simpler : x));
        yield { setup: c.setup, letters: c.letters.map((x, j) => (j === i ? { ...l, args } : x)) };
      }
    }
  }
}

/** A run that still breaks `prop`, no longer and no more complex than `start`. */
export function shrink(
  system: KernelSystem,
  start: Candidate,
  prop: AnyProperty,
  budget = 2000,
): Candidate {
  let best = start;
  let tries = 0;
  for (let improved = true; improved && tries < budget;) {
    improved = false;
    for (const c of candidates(best)) {
      if (++tries > budget) break;
      const r = replayLetters(system, c.setup, c.letters, prop);
      if (r === null || r.failsAt === null) continue;
      best = { setup: c.setup, letters: c.letters.slice(0, r.failsAt + 1) };
      improved = true;
      break;
    }
  }
  return best;
}
