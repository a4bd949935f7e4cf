// When two letters of a kernel bound's alphabet commute (issue 15: would partial-order
// reduction on independent regions pay?). A letter that names one region and nothing else (no
// mremap target, no NULL hint, no fork, every number a small non-negative one) acts on that
// region's VMAs and pages; two such letters on different regions are taken as independent from
// a state when nothing global couples them there:
// - one process: after fork the regions' anonymous pages are shared copy-on-write;
// - not both regions hold a file-backed VMA: two mappings of the bound's one file share its
//   page cache (a page one faults in, the other finds);
// - no binding RLIMIT_MEMLOCK (no CAP_IPC_LOCK, a limit above zero) when both may count into
//   or check locked_vm (mm/mlock.c:mlock_fixup, mm/mmap.c:mlock_future_ok), and no
//   RLIMIT_DATA when both may map or unmap (mm/mmap.c:may_expand_vm);
// - the per-CPU mlock batch empty before either call and after each alone: a call that
//   drains it (lru_add_drain from a fault, populate or mlock walk) settles pages another call
//   queued (mm/mlock.c:mlock_folio_batch), so with pages waiting the order shows.
// It is a measuring stick, audited on the states it is asked about (auditIndependence), not a
// proof: the audit on linux-6.18 found the batch condition by failing without it.

import type { KernelSystem } from '../../src/check/kernelSystem.js';
import type { BoundedState } from '../../src/check/boundedState.js';
import type { Letter } from '../../src/check/letter.js';
import type { Mm } from '../../src/kernel/state.js';
import { BASE_VPN, STRIDE_VPN } from '../../src/check/_internals/layout.js';

/** The calls a letter naming one region may make and still act on that region alone. */
const REGION_CALLS: ReadonlySet<string> = new Set([
  'mmap',
  'munmap',
  'mprotect',
  'mlock',
  'mlock2',
  'munlock',
  'madvise',
  'read',
  'write',
]);

/** The calls that count into locked_vm or check RLIMIT_MEMLOCK against it. */
const LOCKED_VM_CALLS: ReadonlySet<string> = new Set([
  'mmap',
  'munmap',
  'mlock',
  'mlock2',
  'munlock',
]);

/** The calls that change data_vm (checked against RLIMIT_DATA). */
const DATA_VM_CALLS: ReadonlySet<string> = new Set(['mmap', 'munmap']);

/** The region `letter` acts on alone, or -1 when it may act on more (or on the mm). */
function regionOf(letter: Letter): number {
  if (!REGION_CALLS.has(letter.call) || letter.region === undefined) return -1;
  if (letter.target !== undefined || letter.inject !== undefined) return -1;
  if (letter.call === 'mmap' && letter.args[0]?.kind !== 'at') return -1;
  const small = letter.args.every(
    (a) => a.kind === 'at' || (a.kind === 'int' && a.value >= 0n && a.value < 1n << 32n),
  );
  return small ? letter.region : -1;
}

/** The letter with its region left out, as text: letters of one kind differ only in region. */
const kindText = (letter: Letter): string =>
  JSON.stringify({ ...letter, region: undefined }, (_k, v: unknown) =>
    typeof v === 'bigint' ? String(v) : v,
  );

/** Whether a VMA of `mm` in region `region`'s slot is backed by a file (or shmem object). */
function holdsFile(mm: Mm, region: number): boolean {
  const first = BASE_VPN + region * STRIDE_VPN;
  const end = first + STRIDE_VPN;
  return mm.vmas.some((v) => v.start < end && v.end > first && v.backing.kind !== 'anon');
}

export interface RegionIndependence {
  /** Per letter index: the region it acts on alone, or -1. */
  readonly regionOf: readonly number[];
  /** Per letter index: its kind, numbered by first appearance in the alphabet. */
  readonly kindOf: readonly number[];
  /** The letter of kind `kind` on region `region`, or -1 when the alphabet has none. */
  letterOn(kind: number, region: number): number;
  /**
   * Whether letters `x` and `y` (indices) commute from `s`, given their successors `nx` and
   * `ny` from `s` (the batch condition reads them).
   */
  independent(s: BoundedState, x: number, y: number, nx: BoundedState, ny: BoundedState): boolean;
}

/** The relation above for the letters of `system`'s alphabet. */
export function regionIndependence(system: KernelSystem): RegionIndependence {
  const alphabet = system.alphabet;
  const regions = alphabet.map(regionOf);
  const kinds = new Map<string, number>();
  const kindOf = alphabet.map((letter) => {
    const text = kindText(letter);
    let k = kinds.get(text);
    if (k === undefined) {
      k = kinds.size;
      kinds.set(text, k);
    }
    return k;
  });
  const byKindRegion = new Map<string, number>();
  alphabet.forEach((_, i) => {
    const r = regions[i] ?? -1;
    if (r >= 0) byKindRegion.set(`${kindOf[i]}:${r}`, i);
  });
  return {
    regionOf: regions,
    kindOf,
    letterOn: (kind, region) => byKindRegion.get(`${kind}:${region}`) ?? -1,
    independent(s, x, y, nx, ny) {
      const rx = regions[x] ?? -1;
      const ry = regions[y] ?? -1;
      if (rx < 0 || ry < 0 || rx === ry) return false;
      const [mm, ...others] = s.kernel.procs;
      if (mm === undefined || others.length > 0) return false;
      if (holdsFile(mm, rx) && holdsFile(mm, ry)) return false;
      const cx = alphabet[x]?.call ?? '';
      const cy = alphabet[y]?.call ?? '';
      const limited = !mm.capIpcLock && mm.rlimitMemlock !== null && mm.rlimitMemlock > 0n;
      if (limited && LOCKED_VM_CALLS.has(cx) && LOCKED_VM_CALLS.has(cy)) return false;
      if (mm.rlimitData !== undefined && DATA_VM_CALLS.has(cx) && DATA_VM_CALLS.has(cy))
        return false;
      return (
        s.kernel.mlockBatch.length === 0 &&
        nx.kernel.mlockBatch.length === 0 &&
        ny.kernel.mlockBatch.length === 0
      );
    },
  };
}
