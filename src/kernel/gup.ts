// GUP (get_user_pages) flags, as the population paths pass them (include/linux/mm_types.h).
// Historic flags are kept so that older kernels and proposals can be modelled:
// FOLL_MLOCK and FOLL_POPULATE existed from 4.1 (FOLL_MLOCK renamed FOLL_POPULATE; FOLL_MLOCK
// re-added in 4.4) until Hugh Dickins' 5.18 rework deleted both.
//
// NOTE: the values are mmspec's own bit positions, not the kernel's: the kernel renumbered
// these flags several times and no observable depends on the numbers.

declare const gupBrand: unique symbol;
export type GupFlags = number & { readonly [gupBrand]: true };

export const gupFlags = (bits: number): GupFlags => bits as GupFlags;
export const FOLL_WRITE = gupFlags(1 << 0);
export const FOLL_TOUCH = gupFlags(1 << 1);
export const FOLL_FORCE = gupFlags(1 << 2);
export const FOLL_POPULATE = gupFlags(1 << 3);
export const FOLL_MLOCK = gupFlags(1 << 4);
export const FOLL_UNLOCKABLE = gupFlags(1 << 5);
export const FOLL_MADV_POPULATE = gupFlags(1 << 6);
/** A poisoned page is -EHWPOISON rather than -EFAULT (mm/gup.c:vm_fault_to_errno). */
export const FOLL_HWPOISON = gupFlags(1 << 7);

export const hasFoll = (flags: GupFlags, bit: GupFlags): boolean => (flags & bit) !== 0;
