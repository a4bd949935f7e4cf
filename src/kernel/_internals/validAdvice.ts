// The advice values madvise accepts on 6.18 (the linux-6.18 model's madvise_behavior_valid).

import { MADV_ADVICE } from '../../uapi/madviseAdvice.js';
import { MADV_HWPOISON, MADV_SOFT_OFFLINE } from '../../uapi/constants.js';

/**
 * mm/madvise.c:madvise_behavior_valid on this kernel's configuration: every advice 6.18 defines
 * but the two of CONFIG_MEMORY_FAILURE, which the reference kernel lacks (semantics 0).
 */
export const VALID_ADVICE_6_18: ReadonlySet<number> = new Set(
  [...MADV_ADVICE].filter((a) => a !== MADV_HWPOISON && a !== MADV_SOFT_OFFLINE),
);
