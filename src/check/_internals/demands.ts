// What each property demands of the trace's last step, as check statements: they fail on the
// model exactly when the property does, and state what a kernel that kept the property would
// show. Where a property speaks of something no observable reaches (def_flags bits other than
// the lock bits), the lines say so in a comment and state the observation instead.

import { PTE_NONE, currentMm, type KernelState } from '../../kernel/state.js';
import { VM_LOCKED, hasAny } from '../../uapi/vmFlags.js';
import { futureLockBits } from '../../../spec/invariants/mclFutureClearingConsistent.js';
// eslint-disable-next-line no-restricted-imports -- moving into spec/invariants (issue 9, item 5)
import { countsInLockedVm } from '../../../spec/invariants/_internals/mmFacts.js';
import { regionName } from '../letter.js';
import type { ReplayedStep } from '../replayLetters.js';
import { BASE_VPN, STRIDE_VPN } from './layout.js';
import {
  defFlagsChecks,
  observeRegions,
  pagesLetters,
  regionChecks,
  vmLckPages,
} from './observeRegions.js';

export interface DemandContext {
  readonly last: ReplayedStep;
  readonly hints: number;
  readonly pages: number;
}

/** The pattern of region `r` with `want` at the pages `pick` selects and `?` elsewhere. */
function pagePattern(
  k: KernelState,
  r: number,
  pages: number,
  pick: (vpn: number) => string | null,
): string | null {
  let any = false;
  let pattern = '';
  const base = BASE_VPN + r * STRIDE_VPN;
  for (let i = 0; i < pages; i++) {
    const w = pick(base + i);
    if (w !== null) any = true;
    pattern += w ?? '?';
  }
  return any ? `check pages(${regionName(r)}, ${pages}P) = "${pattern}"` : null;
}

function perRegion(
  c: DemandContext,
  k: KernelState,
  pick: (vpn: number) => string | null,
): string[] {
  const lines: string[] = [];
  for (let r = 0; r < c.hints; r++) {
    const l = pagePattern(k, r, c.pages, pick);
    if (l !== null) lines.push(l);
  }
  return lines;
}

function vmaAt(k: KernelState, vpn: number) {
  return currentMm(k).vmas.find((v) => v.start <= vpn && vpn < v.end);
}

function pteAt(k: KernelState, vpn: number): number {
  const v = vmaAt(k, vpn);
  return v === undefined ? PTE_NONE : (v.ptes[vpn - v.start] ?? PTE_NONE);
}

const lockedSomewhere = (k: KernelState, id: number): boolean =>
  k.procs.some((mm) => mm.vmas.some((v) => hasAny(v.flags, VM_LOCKED) && v.ptes.includes(id)));

type Demand = (c: DemandContext) => string[];

const demandedVmLck = (k: KernelState): string => {
  const pages = currentMm(k).vmas.reduce(
    (n, v) => n + (countsInLockedVm(v) ? v.end - v.start : 0),
    0,
  );
  return `check VmLck = ${pages}P`;
};

const DEMANDS: Readonly<Record<string, Demand>> = {
  lockedVmMatchesLockedVmas: ({ last }) => [demandedVmLck(last.after.kernel)],
  munlockallRestores: ({ last, hints, pages }) => [
    ...perRegion({ last, hints, pages }, last.after.kernel, () => null),
    'check VmLck = 0P',
    'check def_flags lacks lo lf',
  ],
  mlockedPageHasLockedVmaStrict: (c) =>
    perRegion(c, c.last.after.kernel, (vpn) => {
      const k = c.last.after.kernel;
      const id = pteAt(k, vpn);
      return id > 0 && k.pages.get(id)?.mlocked === true && !lockedSomewhere(k, id) ? 'p' : null;
    }),
  mlockedPageHasLockedVma: (c) => DEMANDS.mlockedPageHasLockedVmaStrict?.(c) ?? [],
  lockedVmaPageMlocked: (c) =>
    perRegion(c, c.last.after.kernel, (vpn) => {
      const k = c.last.after.kernel;
      const v = vmaAt(k, vpn);
      const id = pteAt(k, vpn);
      return v !== undefined &&
        hasAny(v.flags, VM_LOCKED) &&
        id > 0 &&
        k.pages.get(id)?.mlocked !== true
        ? 'L'
        : null;
    }),
  mapPopulateFaultsEverything: (c) =>
    perRegion(c, c.last.after.kernel, (vpn) => {
      const base = Number(c.last.result.kind === 'value' ? c.last.result.value >> 12n : 0n);
      const len = Math.ceil(Number(c.last.call.args[1] ?? 0n) / 4096);
      const inNew = vpn >= base && vpn < base + len;
      return inNew && pteAt(c.last.after.kernel, vpn) === PTE_NONE ? '[pzL]' : null;
    }),
  lockOnFaultNeverPopulates: (c) =>
    perRegion(c, c.last.after.kernel, (vpn) =>
      pteAt(c.last.after.kernel, vpn) !== PTE_NONE && pteAt(c.last.before.kernel, vpn) === PTE_NONE
        ? '.'
        : null,
    ),
  mclFutureClearingConsistent: ({ last }) => {
    if (last.result.kind !== 'value') return defFlagsChecks(last.before.kernel);
    const f = Number(BigInt.asIntN(32, last.call.args[0] ?? 0n));
    const bits = futureLockBits(f);
    const lo = (bits & VM_LOCKED) !== 0;
    const lf = bits !== 0 && bits !== VM_LOCKED;
    const lines = [
      `check def_flags ${lo ? 'has' : 'lacks'} lo`,
      `check def_flags ${lf ? 'has' : 'lacks'} lf`,
    ];
    return [
      ...lines,
      '# other def_flags bits (VM_NOHUGEPAGE) must be kept: no observable of a trace reads them',
    ];
  },
  mclFutureAloneKeepsVmas: ({ last, hints, pages }) => {
    const lines: string[] = [];
    for (let r = 0; r < hints; r++) lines.push(...regionChecks(last.before.kernel, r, pages));
    return [...lines, `check VmLck = ${vmLckPages(last.before.kernel)}P`];
  },
  failedCallChangesNothing: ({ last, hints, pages }) =>
    observeRegions(last.before.kernel, hints, pages),
  forkChildUnlocked: ({ last, hints, pages }) => {
    const lines: string[] = [];
    for (let r = 0; r < hints; r++) {
      const letters = pagesLetters(last.after.kernel, r, pages);
      if (letters !== '') lines.push(`check vmflags(${regionName(r)}) lacks lo lf`);
    }
    return [...lines, 'check VmLck = 0P', 'check def_flags lacks lo lf'];
  },
  lockonfaultImpliesLocked: ({ last, hints, pages }) => {
    const lines: string[] = [];
    for (let r = 0; r < hints; r++)
      for (const l of regionChecks(last.after.kernel, r, pages))
        if (l.includes(' has lf') || l.includes(' has lo lf'))
          lines.push(l.replace(/has .*$/, 'has lo'));
    return lines;
  },
};

export function demandLines(property: string, c: DemandContext): string[] {
  const d = DEMANDS[property];
  const lines = d === undefined ? [] : d(c);
  if (lines.length > 0) return lines;
  return [
    `# ${property}: no observable states the demand; what the model shows:`,
    ...observeRegions(c.last.after.kernel, c.hints, c.pages),
  ];
}
