// Check statements that state what a model state shows of the trace's regions: each region's
// pages, each VMA's extent and lock mnemonics, VmLck and def_flags. They hold on the state
// they were read from, so they state a prediction (for a C reproducer) or, read off the state
// an invariant demands, the demand itself.

import { observe } from '../../kernel/observe.js';
import type { KernelState } from '../../kernel/state.js';
import { currentMm } from '../../kernel/state.js';
import { regionHint } from '../../uapi/engine.js';
import { addressText, regionName } from '../letter.js';
import { BASE_VPN, STRIDE_VPN } from './layout.js';

const NO_NAMES: ReadonlySet<string> = new Set();

export function pagesLetters(k: KernelState, region: number, pages: number): string {
  const o = observe(
    k,
    { kind: 'pages', addr: regionHint(region), len: BigInt(pages) * 4096n },
    NO_NAMES,
  );
  return o.kind === 'pages' ? o.letters : '';
}

export function lockMnemonicChecks(head: string, present: readonly string[]): string[] {
  const has = ['lo', 'lf'].filter((m) => present.includes(m));
  const lacks = ['lo', 'lf'].filter((m) => !present.includes(m));
  return [
    ...(has.length > 0 ? [`${head} has ${has.join(' ')}`] : []),
    ...(lacks.length > 0 ? [`${head} lacks ${lacks.join(' ')}`] : []),
  ];
}

/** Checks of region `region` (pages of the bound): pages, then each VMA it holds. */
export function regionChecks(k: KernelState, region: number, pages: number): string[] {
  const lines = [
    `check pages(${regionName(region)}, ${pages}P) = "${pagesLetters(k, region, pages)}"`,
  ];
  const base = BASE_VPN + region * STRIDE_VPN;
  for (const v of currentMm(k).vmas) {
    if (v.start < base || v.start >= base + STRIDE_VPN) continue;
    const s = v.start - base;
    const at = addressText(region, s, 0);
    lines.push(
      `check vma(${at}) = ${addressText(region, s, 0)} .. ${regionName(region)} + ${v.end - base}P`,
    );
    const o = observe(
      k,
      { kind: 'vmflags', addr: regionHint(region) + BigInt(s) * 4096n },
      NO_NAMES,
    );
    if (o.kind === 'vmflags' && o.mnemonics !== null)
      lines.push(...lockMnemonicChecks(`check vmflags(${at})`, o.mnemonics));
  }
  return lines;
}

export function vmLckPages(k: KernelState): number {
  const o = observe(k, { kind: 'VmLck' }, NO_NAMES);
  return o.kind === 'VmLck' ? Number(o.bytes / 4096n) : 0;
}

export function defFlagsChecks(k: KernelState): string[] {
  const o = observe(k, { kind: 'def_flags' }, NO_NAMES);
  return o.kind === 'def_flags' ? lockMnemonicChecks('check def_flags', o.mnemonics) : [];
}

/** Every observable of the trace's `hints` regions in state `k`. */
export function observeRegions(k: KernelState, hints: number, pages: number): string[] {
  const lines: string[] = [];
  for (let r = 0; r < hints; r++) lines.push(...regionChecks(k, r, pages));
  lines.push(`check VmLck = ${vmLckPages(k)}P`, ...defFlagsChecks(k));
  return lines;
}
