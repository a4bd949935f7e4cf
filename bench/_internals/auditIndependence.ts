// The two facts sleep sets need of an independence relation, checked on every pair it relates
// in every state of a bound to some depth (bench/sleepSets.ts, test/bench): from `s`, letters
// `x` and `y` in either order reach states of one class (the same canonical encoding), and
// each judges the same after the other as alone: the same result, and every transition
// property the same verdict (so a transition asleep breaks what the one it stands for breaks).

import type { BoundedState } from '../../src/check/boundedState.js';
import type { KernelSystem } from '../../src/check/kernelSystem.js';
import type { Letter } from '../../src/check/letter.js';
import { Encoder } from '../../src/explore/encoder.js';
import type { RegionIndependence } from './regionIndependence.js';

export interface AuditFigures {
  /** Pairs the relation calls independent. */
  readonly pairs: number;
  /** Of them, pairs whose two orders reach different classes. */
  readonly notCommuting: number;
  /** Of them, pairs where a letter's result or a property's verdict changes after the other. */
  readonly judgedOtherwise: number;
  /** The first few failures, described. */
  readonly examples: readonly string[];
}

/** Checks `relation` on every state of `system` to depth `depth` (its expansions included). */
export function auditIndependence(
  system: KernelSystem,
  relation: RegionIndependence,
  depth: number,
): AuditFigures {
  const width = system.encodedWords;
  const encoder = new Encoder(width);
  const encode = (system.encodeCanonical ?? system.encode).bind(system);
  const keyOf = (s: BoundedState): string => {
    encoder.reset();
    encode(s, encoder);
    encoder.finish();
    return encoder.words.subarray(0, width).join(',');
  };
  const properties = system.transitionProperties ?? [];
  const verdicts = (from: BoundedState, letter: Letter, to: BoundedState): string =>
    `${JSON.stringify(to.result, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))} ${properties
      .map((p) => (p.holds(from, letter, to) ? 1 : 0))
      .join('')}`;
  const successors = (s: BoundedState): Map<Letter, BoundedState> => {
    const out = new Map<Letter, BoundedState>();
    system.successors(s, (l, n) => out.set(l, n));
    return out;
  };
  const index = new Map<Letter, number>(system.alphabet.map((l, i) => [l, i]));
  let pairs = 0;
  let notCommuting = 0;
  let judgedOtherwise = 0;
  const examples: string[] = [];
  const seen = new Set<string>();
  let level: BoundedState[] = [];
  for (const s of system.initial()) {
    const key = keyOf(s);
    if (seen.has(key)) continue;
    seen.add(key);
    level.push(s);
  }
  for (let d = 0; d <= depth; d++) {
    const deeper: BoundedState[] = [];
    for (const s of level) {
      const after = successors(s);
      for (const [lx, nx] of after)
        for (const [ly, ny] of after) {
          const x = index.get(lx) ?? -1;
          const y = index.get(ly) ?? -1;
          if (x >= y || !relation.independent(s, x, y, nx, ny)) continue;
          pairs++;
          const xy = successors(nx).get(ly);
          const yx = successors(ny).get(lx);
          if (xy === undefined || yx === undefined) continue;
          const what = `${system.describeLabel(lx)} | ${system.describeLabel(ly)} at depth ${d}`;
          if (keyOf(xy) !== keyOf(yx)) {
            notCommuting++;
            if (examples.length < 5) examples.push(`orders differ: ${what}`);
          }
          if (
            verdicts(s, lx, nx) !== verdicts(ny, lx, yx) ||
            verdicts(s, ly, ny) !== verdicts(nx, ly, xy)
          ) {
            judgedOtherwise++;
            if (examples.length < 5) examples.push(`judged otherwise: ${what}`);
          }
        }
      if (d < depth)
        for (const n of after.values()) {
          const key = keyOf(n);
          if (seen.has(key)) continue;
          seen.add(key);
          deeper.push(system.canonicalize?.(n) ?? n);
        }
    }
    level = deeper;
  }
  return { pairs, notCommuting, judgedOtherwise, examples };
}
