// Which calls and flag values of the random alphabet (swarmConfiguration.ts) the traces of a
// run used: swarm testing switches some off in every trace, and the report must show that
// over the whole run none was left out.

import type { ConformTrace, Op } from '../op.js';
import { CALLS, FLAG_GROUPS, type FlagGroup } from '../swarmConfiguration.js';

export interface CoverageSummary {
  /** Calls and flag values of the alphabet. */
  readonly features: number;
  readonly covered: number;
  /** `call:NAME` or `GROUP:VALUE`, in the alphabet's order. */
  readonly missing: readonly string[];
}

const flag = (g: FlagGroup, v: string) => `${g}:${v === '' ? '(none)' : v}`;

export const FEATURES: readonly string[] = [
  ...CALLS.map((c) => `call:${c}`),
  ...(Object.keys(FLAG_GROUPS) as FlagGroup[]).flatMap((g) =>
    FLAG_GROUPS[g].map((v) => flag(g, v)),
  ),
];

function inGroup(g: FlagGroup, text: string): string[] {
  const values: readonly string[] = FLAG_GROUPS[g];
  return text
    .split('|')
    .filter((t) => values.includes(t))
    .map((t) => flag(g, t));
}

function featuresOfOp(op: Op): string[] {
  switch (op.kind) {
    case 'mmap': {
      const types: readonly string[] = FLAG_GROUPS.mapType;
      const parts = op.flags.split('|');
      const type = parts.find((p) => types.includes(p)) ?? '';
      return [
        'call:mmap',
        ...inGroup('prot', op.prot),
        flag('mapType', type),
        ...inGroup('mapExtra', op.flags),
        ...(op.fixed === undefined ? [] : [flag('mapExtra', 'MAP_FIXED')]),
      ];
    }
    case 'range': {
      const arg = op.arg ?? '';
      const group: FlagGroup | null =
        op.call === 'mlock2'
          ? 'mlock2'
          : op.call === 'madvise'
            ? 'madvise'
            : op.call === 'mprotect'
              ? 'prot'
              : null;
      return [`call:${op.call}`, ...(group === null ? [] : inGroup(group, arg))];
    }
    case 'mremap':
      return ['call:mremap', ...inGroup('mremap', op.flags)];
    case 'mlockall':
      return ['call:mlockall', ...inGroup('mcl', op.flags)];
    case 'munlockall':
      return ['call:munlockall'];
    case 'access':
      return [`call:${op.call}`];
    case 'fork':
      return ['call:fork', ...op.ops.flatMap(featuresOfOp)];
  }
}

export class FeatureCoverage {
  private readonly seen = new Set<string>();

  add(trace: ConformTrace): void {
    for (const f of trace.ops.flatMap(featuresOfOp)) this.seen.add(f);
  }

  summary(): CoverageSummary {
    const missing = FEATURES.filter((f) => !this.seen.has(f));
    return { features: FEATURES.length, covered: FEATURES.length - missing.length, missing };
  }
}
