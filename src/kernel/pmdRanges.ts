// A set of PMD numbers kept as sorted, disjoint, non-adjacent ranges: the PMDs of an address
// space that have a page table (pageTables.ts). A populated mapping of 2^40 bytes has 2^19 of
// them in one range. Immutable: every change returns a new set.

export class PmdRanges {
  /** Half-open ranges [bounds[2k], bounds[2k + 1]). */
  private constructor(private readonly bounds: readonly number[]) {}

  static readonly EMPTY = new PmdRanges([]);

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
    const out: number[] = [];
    let s = from;
    let e = to;
    let placed = false;
    for (let k = 0; 2 * k < this.bounds.length; k++) {
      const rs = this.bounds[2 * k] ?? 0;
      const re = this.bounds[2 * k + 1] ?? 0;
      if (re < s) out.push(rs, re);
      else if (rs > e) {
        if (!placed) out.push(s, e);
        placed = true;
        out.push(rs, re);
      } else {
        s = Math.min(s, rs);
        e = Math.max(e, re);
      }
    }
    if (!placed) out.push(s, e);
    return new PmdRanges(out);
  }

  /** The set with [from, to) removed. */
  remove(from: number, to: number): PmdRanges {
    if (!this.hasAny(from, to)) return this;
    const out: number[] = [];
    for (let k = 0; 2 * k < this.bounds.length; k++) {
      const rs = this.bounds[2 * k] ?? 0;
      const re = this.bounds[2 * k + 1] ?? 0;
      if (re <= from || rs >= to) out.push(rs, re);
      else {
        if (rs < from) out.push(rs, from);
        if (re > to) out.push(to, re);
      }
    }
    return new PmdRanges(out);
  }

  /** The set keeping only the PMDs of the given ranges (sorted or not). */
  intersect(keep: readonly (readonly [number, number])[]): PmdRanges {
    let out = PmdRanges.EMPTY;
    for (const [from, to] of keep) for (const [s, e] of this.ranges(from, to)) out = out.add(s, e);
    return out;
  }

  /** For encodings: the flat list of range bounds. */
  get flat(): readonly number[] {
    return this.bounds;
  }
}
