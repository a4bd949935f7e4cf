// A set of PMD numbers kept as sorted, disjoint, non-adjacent ranges: the PMDs of an address
// space that have a page table (pageTables.ts). A populated mapping of 2^40 bytes has 2^19 of
// them in one range. Immutable: every change returns a new set.

/**
 * The bounds add and remove are building, in one list for the whole module rather than a new
 * one a call (an array grown by push gets room for 17 entries on its first push; most sets hold
 * one or two ranges), copied out at its exact length by `PmdRanges.built`. Entries [0, size)
 * are the bounds so far; no method builds two sets at once.
 */
const building: number[] = [];
let size = 0;

/** Appends the range [s, e) to the bounds being built. */
function put(s: number, e: number): void {
  building[size] = s;
  building[size + 1] = e;
  size += 2;
}

export class PmdRanges {
  /** Half-open ranges [bounds[2k], bounds[2k + 1]). */
  private constructor(private readonly bounds: readonly number[]) {}

  static readonly EMPTY = new PmdRanges([]);

  /** The bounds built so far (put), copied out at their length; the builder starts empty again. */
  private static built(): PmdRanges {
    const n = size;
    size = 0;
    return new PmdRanges(building.slice(0, n));
  }

  /** From a list of PMDs in any order (decoding a packed state, tests). */
  static of(pmds: Iterable<number>): PmdRanges {
    let set = PmdRanges.EMPTY;
    for (const pmd of pmds) set = set.add(pmd, pmd + 1);
    return set;
  }

  get isEmpty(): boolean {
    return this.bounds.length === 0;
  }

  /** Index of the first range ending after `pmd`. */
  private rangeAfter(pmd: number): number {
    let lo = 0;
    let hi = this.bounds.length >> 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.bounds[2 * mid + 1] ?? 0) <= pmd) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  has(pmd: number): boolean {
    const k = this.rangeAfter(pmd);
    return k < this.bounds.length >> 1 && (this.bounds[2 * k] ?? 0) <= pmd;
  }

  /** Whether every PMD of [from, to) is in the set. */
  hasAll(from: number, to: number): boolean {
    if (from >= to) return true;
    const k = this.rangeAfter(from);
    return (this.bounds[2 * k] ?? Infinity) <= from && (this.bounds[2 * k + 1] ?? 0) >= to;
  }

  /** Whether any PMD of [from, to) is in the set. */
  hasAny(from: number, to: number): boolean {
    if (from >= to) return false;
    const k = this.rangeAfter(from);
    return (this.bounds[2 * k] ?? Infinity) < to;
  }

  /** The ranges overlapping [from, to), clipped to it. */
  ranges(from = -Infinity, to = Infinity): [number, number][] {
    const out: [number, number][] = [];
    for (let k = this.rangeAfter(from); 2 * k < this.bounds.length; k++) {
      const s = this.bounds[2 * k] ?? 0;
      const e = this.bounds[2 * k + 1] ?? 0;
      if (s >= to) break;
      out.push([Math.max(s, from), Math.min(e, to)]);
    }
    return out;
  }

  /** Every PMD in the set, ascending: only for sets known to be small (checker, tests). */
  *pmds(): IterableIterator<number> {
    for (const [s, e] of this.ranges()) for (let pmd = s; pmd < e; pmd++) yield pmd;
  }

  /** The set with [from, to) added. */
  add(from: number, to: number): PmdRanges {
    if (from >= to || this.hasAll(from, to)) return this;
    let s = from;
    let e = to;
    let placed = false;
    for (let k = 0; 2 * k < this.bounds.length; k++) {
      const rs = this.bounds[2 * k] ?? 0;
      const re = this.bounds[2 * k + 1] ?? 0;
      if (re < s) put(rs, re);
      else if (rs > e) {
        if (!placed) put(s, e);
        placed = true;
        put(rs, re);
      } else {
        s = Math.min(s, rs);
        e = Math.max(e, re);
      }
    }
    if (!placed) put(s, e);
    return PmdRanges.built();
  }

  /** The set with [from, to) removed. */
  remove(from: number, to: number): PmdRanges {
    if (!this.hasAny(from, to)) return this;
    for (let k = 0; 2 * k < this.bounds.length; k++) {
      const rs = this.bounds[2 * k] ?? 0;
      const re = this.bounds[2 * k + 1] ?? 0;
      if (re <= from || rs >= to) put(rs, re);
      else {
        if (rs < from) put(rs, from);
        if (re > to) put(to, re);
      }
    }
    return PmdRanges.built();
  }

  /** The set keeping only the PMDs of the given ranges (sorted or not). */
  intersect(keep: readonly (readonly [number, number])[]): PmdRanges {
    let out = PmdRanges.EMPTY;
    for (const [from, to] of keep) out = this.keptIn(out, from, to);
    return out;
  }

  /** `out` with the PMDs of [from, to) that are in this set added: walked, no list of ranges. */
  keptIn(out: PmdRanges, from: number, to: number): PmdRanges {
    let kept = out;
    for (let k = this.rangeAfter(from); 2 * k < this.bounds.length; k++) {
      const s = this.bounds[2 * k] ?? 0;
      if (s >= to) break;
      kept = kept.add(Math.max(s, from), Math.min(this.bounds[2 * k + 1] ?? 0, to));
    }
    return kept;
  }

  /** For encodings: the flat list of range bounds. */
  get flat(): readonly number[] {
    return this.bounds;
  }
}
