// Which calls and flag values of the random alphabet (swarmConfiguration.ts) the traces of a
// run used: swarm testing switches some off in every trace, and the report must show that
// over the whole run none was left out.

import type { ConformTrace, Op } from '../op.js';
import { CALLS, FLAG_GROUPS, type FlagGroup, type FlagGroups } from '../swarmConfiguration.js';

export interface CoverageSummary {
  /** Calls and flag values of the alphabet. */
  readonly features: number;
  readonly covered: number;
  /** `call:NAME` or `GROUP:VALUE`, in the alphabet's order. */
  readonly missing: readonly string[];
}

const flag = (g: FlagGroup, v: string) => `${g}:${v === '' ? '(none)' : v}`;

/** The features of a random alphabet: its calls and the values of each flag group. */
export function featuresOf(groups: FlagGroups): string[] {
  return [
    ...CALLS.map((c) => `call:${c}`),
    ...(Object.keys(groups) as FlagGroup[]).flatMap((g) => groups[g].map((v) => flag(g, v))),
  ];
}

export const FEATURES: readonly string[] = featuresOf(FLAG_GROUPS);

function inGroup(groups: FlagGroups, g: FlagGroup, text: string): string[] {
  const values = groups[g];
  return text
    .split('|')
    .filter((t) => values.includes(t))
    .map((t) => flag(g, t));
}

function featuresOfOp(op: Op, groups: FlagGroups): string[] {
  switch (op.kind) {
    case 'mmap': {
      const types = groups.mapType;
      const parts = op.flags.split('|');
      const type = parts.find((p) => types.includes(p)) ?? '';
      return [
        'call:mmap',
        ...inGroup(groups, 'prot', op.prot),
        flag('mapType', type),
        ...inGroup(groups, 'mapExtra', op.flags),
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
      return [`call:${op.call}`, ...(group === null ? [] : inGroup(groups, group, arg))];
    }
    case 'mremap':
      return ['call:mremap', ...inGroup(groups, 'mremap', op.flags)];
    case 'mlockall':
      return ['call:mlockall', ...inGroup(groups, 'mcl', op.flags)];
    case 'munlockall':
      return ['call:munlockall'];
    case 'access':
      return [`call:${op.call}`];
    case 'fork':
      return ['call:fork', ...op.ops.flatMap((o) => featuresOfOp(o, groups))];
  }
}

export class FeatureCoverage {
  private readonly seen = new Set<string>();
  private readonly features: readonly string[];

  constructor(private readonly groups: FlagGroups = FLAG_GROUPS) {
    this.features = featuresOf(groups);
  }

  add(trace: ConformTrace): void {
    for (const f of trace.ops.flatMap((o) => featuresOfOp(o, this.groups))) this.seen.add(f);
  }

  summary(): CoverageSummary {
    const all = this.features;
    const missing = all.filter((f) => !this.seen.has(f));
    return { features: all.length, covered: all.length - missing.length, missing };
  }
}
