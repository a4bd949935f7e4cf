// User addresses and lengths as the kernel computes with them: unsigned 64-bit arithmetic
// (bigint), converted to page numbers once a call has validated them.

import type { Vpn } from './state.js';

export const U64_MASK = (1n << 64n) - 1n;
export const PAGE = 4096n;
/** x86-64 with 4-level page tables: (1 << 47) - PAGE_SIZE (arch/x86/include/asm/page_64_types.h). */
export const TASK_SIZE = (1n << 47n) - PAGE;
/** vm.mmap_min_addr's default (mm/Kconfig DEFAULT_MMAP_MIN_ADDR on x86). */
export const MMAP_MIN_ADDR = 65536n;

export const u64 = (x: bigint): bigint => x & U64_MASK;
/** PAGE_MASK as an unsigned 64-bit value, and PAGE_SIZE - 1: made once, not per call. */
const PAGE_MASK_U64 = ~(PAGE - 1n) & U64_MASK;
const PAGE_LESS_ONE = PAGE - 1n;
/**
 * PAGE_ALIGN with the kernel's wrap-around: PAGE_ALIGN(SIZE_MAX) == 0. One mask does both the
 * wrap (u64) and the rounding down, since `&` on bigints is two's complement: two bigint
 * operations instead of six (every mmap, mlock, madvise, mprotect and munmap aligns a length).
 */
export const pageAlign = (x: bigint): bigint => (x + PAGE_LESS_ONE) & PAGE_MASK_U64;
export const offsetInPage = (x: bigint): bigint => x & (PAGE - 1n);
export const toVpn = (addr: bigint): Vpn => Number(addr >> 12n);
export const vpnToAddr = (vpn: Vpn): bigint => BigInt(vpn) << 12n;
/** An `int` argument: the low 32 bits of the register, sign-extended. */
export const asInt = (x: bigint): number => Number(BigInt.asIntN(32, x));
/**
 * rlimit(RLIMIT_MEMLOCK) >> PAGE_SHIFT: the limit in whole pages, rounded down; RLIM_INFINITY
 * (null, ~0UL) gives 2^52 - 1. Exact: the bytes are a bigint and the pages below 2^52, so the
 * page counts compared with it (locked_vm plus a length of at most 2^52 pages) stay below
 * 2^53, where numbers are exact.
 */
export const limitPages = (rlimit: bigint | null): number => Number(u64(rlimit ?? U64_MASK) >> 12n);
