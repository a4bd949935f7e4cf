// The regions of a counterexample's trace as a restatement sees them (spec/invariants:
// TraceView), and checks that state what a model state shows of them: each region's pages,
// each VMA's extent and lock mnemonics, VmLck and def_flags. They hold on the state they were
// read from, so they state a prediction (for a C reproducer) or, read off the state an
// invariant demands, the demand itself.

import type { TraceRegion, TraceView } from '../../../spec/invariants/index.js';
import { vpnToAddr } from '../../kernel/addr.js';
import { observe } from '../../kernel/observe.js';
import { type KernelState, currentMm } from '../../kernel/state.js';
import type { CheckStmt } from '../../trace/ast.js';
import type { ProgramBuilder } from '../../trace/programBuilder.js';
import {
  checkExtent,
  checkPages,
  checkVmLck,
  lockBitChecks,
  pageCount,
} from '../../trace/syntax.js';
import { PAGE_SIZE } from '../../uapi/constants.js';
import { mnemonics } from '../../uapi/vmFlags.js';
import { BASE_VPN, STRIDE_VPN } from './layout.js';

const PAGE = BigInt(PAGE_SIZE);
const NO_NAMES: ReadonlySet<string> = new Set();

function pagesLetters(k: KernelState, r: TraceRegion): string {
  const addr = vpnToAddr(r.firstVpn);
  const o = observe(k, { kind: 'pages', addr, len: BigInt(r.pages) * PAGE }, NO_NAMES);
  return o.kind === 'pages' ? o.letters : '';
}

/** The pages of `r`, then each VMA that starts in its spot. */
function regionChecks(k: KernelState, r: TraceRegion): CheckStmt[] {
  const checks = [checkPages(r.at(0), r.pages, pagesLetters(k, r))];
  for (const v of currentMm(k).vmas) {
    if (v.start < r.firstVpn || v.start >= r.firstVpn + STRIDE_VPN) continue;
    const at = r.at(v.start - r.firstVpn);
    checks.push(checkExtent(at, { start: at, end: r.at(v.end - r.firstVpn) }));
    const o = observe(k, { kind: 'vmflags', addr: vpnToAddr(v.start) }, NO_NAMES);
    if (o.kind === 'vmflags' && o.mnemonics !== null)
      checks.push(...lockBitChecks({ kind: 'vmflags', addr: at }, o.mnemonics));
  }
  return checks;
}

function vmLck(k: KernelState): CheckStmt {
  const o = observe(k, { kind: 'VmLck' }, NO_NAMES);
  return checkVmLck(pageCount(o.kind === 'VmLck' ? o.bytes / PAGE : 0n));
}

function defFlags(k: KernelState): CheckStmt[] {
  const o = observe(k, { kind: 'def_flags' }, NO_NAMES);
  return o.kind === 'def_flags' ? lockBitChecks({ kind: 'def_flags' }, o.mnemonics) : [];
}

/** The first `hints` regions of the trace `b` builds, `pages` pages each. */
export function traceView(b: ProgramBuilder, hints: number, pages: number): TraceView {
  const regions: TraceRegion[] = Array.from({ length: hints }, (_, k) => ({
    at: (page: number) => b.region(k, page),
    firstVpn: BASE_VPN + k * STRIDE_VPN,
    pages,
  }));
  const regionObserved = (k: KernelState, r: number): CheckStmt[] => {
    const region = regions[r];
    return region === undefined ? [] : regionChecks(k, region);
  };
  return {
    regions,
    regionObserved,
    vmLckObserved: vmLck,
    defFlagsObserved: defFlags,
    observed: (k) => [...regions.flatMap((_, r) => regionObserved(k, r)), vmLck(k), ...defFlags(k)],
    // mlockall locks the stack with the rest of the process; the trace binds it to read it.
    restLockObserved: (k) =>
      lockBitChecks(
        { kind: 'vmflags', addr: b.existing('[stack]', 'stack') },
        mnemonics(currentMm(k).otherLock),
      ),
  };
}
