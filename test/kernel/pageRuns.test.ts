// PageRuns.everyRun: every run visited in id order with its ids and page, stopping at the first
// that fails (the state properties that read every page ask it of every stored state).

import { describe, expect, it } from 'vitest';
import { PageRuns } from '../../src/kernel/pageRuns.js';
import type { Page } from '../../src/kernel/state.js';

const page = (mlocked: boolean): Page => ({
  mlocked,
  unevictable: mlocked,
  mlockCount: mlocked ? 1 : 0,
  mapCount: 1,
  file: -1,
  data: null,
  dirty: false,
});

describe('PageRuns.everyRun', () => {
  // ids 1-3 one mlocked page value, 4 another, 7-8 a third (5 and 6 absent)
  const locked = page(true);
  const plain = page(false);
  const pages = PageRuns.empty().copy();
  pages.setRun(1, 3, locked);
  pages.set(4, plain);
  pages.setRun(7, 2, locked);

  it('visits each run once, in id order, with its first id and its length', () => {
    const seen: [number, number, boolean][] = [];
    expect(pages.everyRun((id, count, p) => (seen.push([id, count, p.mlocked]), true))).toBe(true);
    expect(seen).toEqual([
      [1, 3, true],
      [4, 1, false],
      [7, 2, true],
    ]);
  });

  it('is false at the first run that fails, and visits no run after it', () => {
    const seen: number[] = [];
    expect(pages.everyRun((id, _count, p) => (seen.push(id), p.mlocked))).toBe(false);
    expect(seen).toEqual([1, 4]);
  });

  it('holds of no pages at all', () => {
    expect(PageRuns.empty().everyRun(() => false)).toBe(true);
  });
});
