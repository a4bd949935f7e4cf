// The observables of a trace, read off a model state the way the executor reads them off the
// kernel (/proc/self/smaps, pagemap, kpageflags, status). See src/oracle for the other side.

import type { ConcreteObservable } from '../uapi/engine.js';
import type { Observed } from '../uapi/outcome.js';
import type { PageFlag } from '../uapi/pageFlags.js';
import { PAGE, toVpn, vpnToAddr } from './addr.js';
import { traceVmLck } from './accounting.js';
import { traceDataVm } from './dataLimit.js';
import { HPAGE_PMD_NR, largeFolioOf } from './largeFolios.js';
import { pmdOf } from './pageTables.js';
import { PTE_NONE, PTE_ZERO, type KernelState, type Mm, currentMm } from './state.js';
import { findVma, firstEndingAfter, vmaAt } from './vmaList.js';
import { VM_LOCKED_MASK, maskFlags, mnemonics } from '../uapi/vmFlags.js';

function pageLetter(state: KernelState, mm: Mm, vpn: number): string {
  const v = vmaAt(mm.vmas, findVma(mm.vmas, vpn));
  const pte = v?.ptes.at(vpn - v.start) ?? PTE_NONE;
  if (pte === PTE_ZERO) return 'z';
  if (pte <= 0) return '.'; // none, or a guard marker
  if (state.mlockUncertain.includes(pte)) return '[pL]';
  const mlocked = state.pages.get(pte)?.mlocked === true;
  // A pending munlock may already have been processed by any drain on the CPU: either way.
  if (mlocked && state.mlockBatch.some((e) => e.page === pte && e.op === 'munlock')) return '[pL]';
  return mlocked ? 'L' : 'p';
}

/**
 * The flags of the page at `vpn` (src/uapi/pageFlags.ts), as pagemap and kpageflags show
 * them: `anon` for an anonymous page (a fresh one or a COW copy, file -1), never for the zero
 * page or the kernel's own frames of [vvar]/[vdso] (file -2).
 */
function pageFlags(state: KernelState, mm: Mm, vpn: number): PageFlag[] {
  const v = vmaAt(mm.vmas, findVma(mm.vmas, vpn));
  const pte = v?.ptes.at(vpn - v.start) ?? PTE_NONE;
  if (pte === PTE_ZERO)
    // The huge zero page is a compound page too (fs/proc/page.c:stable_page_flags: KPF_THP
    // for is_huge_zero_folio, head and tail from the page itself); measured on 6.18.44.
    return mm.hugePmds?.has(pmdOf(vpn)) === true
      ? ['present', 'zero', 'thp', vpn % HPAGE_PMD_NR === 0 ? 'head' : 'tail']
      : ['present', 'zero'];
  if (pte <= 0) return [];
  const p = state.pages.get(pte);
  const flags: PageFlag[] = ['present'];
  if (p?.file === -1) flags.push('anon');
  if (p?.dirty === true) flags.push('dirty');
  // KPF_THP on every page of an anonymous large folio, KPF_COMPOUND_HEAD on its first page and
  // KPF_COMPOUND_TAIL on the others (fs/proc/page.c:stable_page_flags).
  const head = largeFolioOf(state, pte);
  if (head !== null) flags.push('thp', pte === head ? 'head' : 'tail');
  return flags;
}

/**
 * NR_MLOCK or NR_UNEVICTABLE over every page of the state (all processes, page caches
 * included), in pages: what /proc/meminfo's Mlocked and Unevictable add up since the trace
 * began, the model's pages being the trace's. NR_MLOCK moves with PG_mlocked
 * (mm/mlock.c:mlock_folio, __munlock_folio); NR_UNEVICTABLE counts the unevictable LRU, which
 * a page joins and leaves in the mlock batch. The caller drains the batch first, as the
 * executor does before it reads them.
 */
function systemCounter(state: KernelState, which: 'Mlocked' | 'Unevictable'): number {
  let pages = 0;
  for (const [, p] of state.pages.entries())
    if (which === 'Mlocked' ? p.mlocked : p.unevictable) pages++;
  return pages;
}

/**
 * fs/proc/task_mmu.c:smaps_pmd_entry — AnonHugePages adds the pages of every huge PMD mapping
 * an anonymous folio; the huge zero page is no anonymous folio and counts nothing.
 */
function anonHugePages(mm: Mm): number {
  let pages = 0;
  for (const pmd of mm.hugePmds?.pmds() ?? []) {
    const vpn = pmd * HPAGE_PMD_NR;
    const v = vmaAt(mm.vmas, findVma(mm.vmas, vpn));
    if (v !== undefined && v.ptes.at(vpn - v.start) > 0) pages += HPAGE_PMD_NR;
  }
  return pages;
}

/** The pages [addr, addr + len) touches, as pagemap is read for them. */
function pageRange(addr: bigint, len: bigint): [number, number] {
  const first = toVpn(addr);
  const end = len === 0n ? first : Number((addr + len + PAGE - 1n) / PAGE);
  return [first, end];
}

export function observe(
  state: KernelState,
  what: ConcreteObservable,
  bound: ReadonlySet<string>,
  shows: (mnemonic: string) => boolean = () => true,
): Observed {
  const mm = currentMm(state);
  switch (what.kind) {
    case 'pages': {
      const [first, end] = pageRange(what.addr, what.len);
      let letters = '';
      for (let vpn = first; vpn < end; vpn++) letters += pageLetter(state, mm, vpn);
      return { kind: 'pages', letters };
    }
    case 'page':
      return { kind: 'page', flags: pageFlags(state, mm, toVpn(what.addr)) };
    case 'vmflags': {
      const v = vmaAt(mm.vmas, findVma(mm.vmas, toVpn(what.addr)));
      return {
        kind: 'vmflags',
        mnemonics: v === undefined ? null : mnemonics(v.flags).filter(shows),
      };
    }
    case 'vma': {
      const v = vmaAt(mm.vmas, findVma(mm.vmas, toVpn(what.addr)));
      const extent = v === undefined ? null : { start: vpnToAddr(v.start), end: vpnToAddr(v.end) };
      return { kind: 'vma', extent };
    }
    case 'vmas': {
      const [first, end] = pageRange(what.addr, what.len);
      let count = 0;
      for (let i = firstEndingAfter(mm.vmas, first); i < mm.vmas.length; i++) {
        const v = mm.vmas[i];
        if (v === undefined || v.start >= end) break;
        count++;
      }
      return { kind: 'vmas', count };
    }
    case 'VmLck':
      return { kind: 'VmLck', bytes: BigInt(traceVmLck(mm, bound)) * PAGE };
    case 'AnonHugePages':
      return { kind: 'AnonHugePages', bytes: BigInt(anonHugePages(mm)) * PAGE };
    case 'VmData':
      return { kind: 'VmData', bytes: BigInt(traceDataVm(mm, bound)) * PAGE };
    case 'Mlocked':
    case 'Unevictable':
      return { kind: what.kind, bytes: BigInt(systemCounter(state, what.kind)) * PAGE };
    case 'def_flags':
      // The executor reads def_flags off a probe VMA's smaps line, so the same mnemonics show.
      return {
        kind: 'def_flags',
        mnemonics: mnemonics(maskFlags(mm.defFlags, VM_LOCKED_MASK)).filter(shows),
      };
  }
}
