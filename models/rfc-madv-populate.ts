// David Hildenbrand's RFC (Feb 2021): one MADV_POPULATE (22) that populates each VMA as
// mm_populate does (populate_vma_page_range: write faults for private writable VMAs, read
// faults otherwise, nothing for VM_LOCKONFAULT), EINVAL for VM_IO|VM_PFNMAP and PROT_NONE,
// ENOMEM for a hole and for any fault-in error. 5.14 merged MADV_POPULATE_READ (22) and
// MADV_POPULATE_WRITE (23) through faultin_page_range instead; 23 does not exist here.

import { linux618 } from './linux-6.18.js';
import { extend } from '../src/kernel/model.js';
import { MADV_POPULATE_READ, MADV_POPULATE_WRITE } from '../src/uapi/constants.js';

export const MADV_POPULATE = MADV_POPULATE_READ;

export const rfcMadvPopulate = extend(linux618, {
  name: 'rfc-madv-populate',
  description:
    'Linux 6.18 with the RFC MADV_POPULATE (22, populate_vma_page_range per VMA, errors as ' +
    'ENOMEM) in place of MADV_POPULATE_READ/WRITE',
  provenance:
    '[PATCH RFC] mm/madvise: introduce MADV_POPULATE to prefault/prealloc memory ' +
    '<20210217154844.12392-1-david@redhat.com>; merged otherwise in 5.14 as 4ca9b3859dac',
  // The RFC's 22 is the value 5.14 gave MADV_POPULATE_READ: the same advice number, meant.
  constants: [
    {
      name: 'MADV_POPULATE',
      value: BigInt(MADV_POPULATE),
      since: 'proposal',
      sameValueAs: 'MADV_POPULATE_READ',
    },
  ],
  decisions: {
    madvisePopulate: (advice) =>
      advice === MADV_POPULATE ? 'populate-vma' : advice === MADV_POPULATE_WRITE ? 'EINVAL' : null,
  },
});
