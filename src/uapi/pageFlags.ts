// What `check page(ADDR)` reads of one page: the words a trace may name after `has`/`lacks`,
// each with where the kernel shows it (Documentation/admin-guide/mm/pagemap.rst). The executor
// takes the PFN from /proc/self/pagemap and the flags from /proc/kpageflags; a model reads its
// own page state (src/kernel/observe.ts).

/** A word of `page(ADDR)`, in the order they print. */
export type PageFlag = 'present' | 'zero' | 'anon' | 'dirty' | 'thp' | 'head' | 'tail';

export const PAGE_FLAGS: readonly PageFlag[] = [
  'present',
  'zero',
  'anon',
  'dirty',
  'thp',
  'head',
  'tail',
];

/**
 * The words of a large folio (`thp on`, issue 14 item 4), from fs/proc/page.c:stable_page_flags:
 * KPF_THP 22 on every page of an anonymous large folio (a PMD-mapped THP, and one split down
 * to PTEs while the folio stays whole; since 6.8 a multi-size THP too), KPF_COMPOUND_HEAD 15
 * on its first page and KPF_COMPOUND_TAIL 16 on the others. They stay after the PMD is split
 * (a VMA split or mprotect of part): only splitting the folio itself clears them.
 */
const LARGE_FOLIO_BITS = { thp: 22, head: 15, tail: 16 } as const;

/**
 * Where each word comes from: pagemap bit 63 (`present`), then kpageflags bits of the PFN:
 * KPF_ZERO_PAGE 24, KPF_ANON 12 (fs/proc/page.c:stable_page_flags sets it for PageAnon), and
 * KPF_DIRTY 4, the folio's PG_dirty. For an anonymous page PG_dirty stays clear while it is
 * mapped: a write fault dirties the PTE only (mm/memory.c:do_anonymous_page, wp_page_copy),
 * and the folio learns of it when the PTE goes (zap, reclaim). On a page-cache page it is set
 * by folio_mark_dirty (mm/memory.c:fault_dirty_shared_page; mm/gup.c:follow_page_pte under
 * FOLL_WRITE|FOLL_TOUCH) and cleared by writeback.
 */
export const KPF_BIT: Readonly<Record<Exclude<PageFlag, 'present'>, number>> = {
  zero: 24,
  anon: 12,
  dirty: 4,
  ...LARGE_FOLIO_BITS,
};

export function isPageFlag(word: string): word is PageFlag {
  return (PAGE_FLAGS as readonly string[]).includes(word);
}
