// What `check page(ADDR)` reads of one page: the words a trace may name after `has`/`lacks`,
// each with where the kernel shows it (Documentation/admin-guide/mm/pagemap.rst). The executor
// takes the PFN from /proc/self/pagemap and the flags from /proc/kpageflags; a model reads its
// own page state (src/kernel/observe.ts).

/** A word of `page(ADDR)`, in the order they print. */
export type PageFlag = 'present' | 'zero' | 'anon' | 'dirty';

export const PAGE_FLAGS: readonly PageFlag[] = ['present', 'zero', 'anon', 'dirty'];

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
};

export function isPageFlag(word: string): word is PageFlag {
  return (PAGE_FLAGS as readonly string[]).includes(word);
}
