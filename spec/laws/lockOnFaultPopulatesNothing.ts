// Lock-on-fault never populates: mlock2(MLOCK_ONFAULT) makes no page present that was not
// (mm/gup.c:populate_vma_page_range returns at once for VM_LOCKONFAULT). Only presence is
// compared: the pages already there do get mlocked.
import { type Law, START, LENGTH, flags } from './law.js';

export const lockOnFaultPopulatesNothing: Law = {
  name: 'lockOnFaultPopulatesNothing',
  statement: 'mlock2(a, MLOCK_ONFAULT) ≡ nothing',
  why: 'the point of lock-on-fault is to fault nothing in (mm/gup.c:populate_vma_page_range)',
  compare: 'presence',
  left: [{ call: 'mlock2', args: [START, LENGTH, flags('MLOCK_ONFAULT')] }],
  right: [],
};
