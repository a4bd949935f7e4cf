// User addresses and lengths as the kernel computes with them: unsigned 64-bit arithmetic
// (bigint), converted to page numbers once a call has validated them.

import type { Vpn } from './state.js';

export const U64_MASK = (1n << 64n) - 1n;
export const PAGE = 4096n;
/** x86-64 with 4-level page tables: (1 << 47) - PAGE_SIZE (arch/x86/include/asm/page_64_types.h). */
export const TASK_SIZE = (1n << 47n) - PAGE;
/** vm.mmap_min_addr's default (mm/Kconfig DEFAULT_MMAP_MIN_ADDR on x86). */
export const MMAP_MIN_ADDR = 65536n;

/** x modulo 2^64: BigInt.asUintN is one operation where `& U64_MASK` is a generic one. */
export const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);
/** PAGE_MASK as an unsigned 64-bit value, and PAGE_SIZE - 1: made once, not per call. */
export const PAGE_MASK_U64 = ~(PAGE - 1n) & U64_MASK;
const PAGE_LESS_ONE = PAGE - 1n;
/**
 * PAGE_ALIGN with the kernel's wrap-around: PAGE_ALIGN(SIZE_MAX) == 0. One mask does both the
 * wrap (u64) and the rounding down, since `&` on bigints is two's complement: two bigint
 * operations instead of six (every mmap, mlock, madvise, mprotect and munmap aligns a length).
 * The mask leaves a value in [0, 2^64), so BigInt.asUintN(64, ...) around it changes nothing
 * but tells V8's optimiser that only 64 bits matter: it then adds and masks in a machine word
 * and makes one bigint, not one an operation (7-16 against 35-47 ns a call, alone).
 */
export const pageAlign = (x: bigint): bigint =>
  BigInt.asUintN(64, (x + PAGE_LESS_ONE) & PAGE_MASK_U64);
/** x & (PAGE_SIZE - 1), in [0, PAGE_SIZE): asUintN(64) as in pageAlign. */
export const offsetInPage = (x: bigint): bigint => BigInt.asUintN(64, x & PAGE_LESS_ONE);
/**
 * A signed 64-bit value's two halves, read through one 8-byte buffer: storing a bigint in a
 * BigInt64Array and reading two 32-bit words back is a machine store and two loads once V8 has
 * optimised the caller, where Number(bigint) calls into the runtime (about 20 ns a call, 3.5%
 * of a profile of the default bound's steps, most of it on this one line).
 */
const word = new BigInt64Array(1);
const high = new Int32Array(word.buffer);
const low = new Uint32Array(word.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HIGH = LITTLE_ENDIAN ? 1 : 0;
const LOW = LITTLE_ENDIAN ? 0 : 1;
/**
 * addr >> PAGE_SHIFT (rounding down, as the shift does for negative values too). A value that
 * fits in a signed 64-bit word (every register, read as signed: asIntN gives it back
 * unchanged) is high * 2^20 + (low >>> 12): the high word, signed, shifted by 32 - 12, plus
 * the low word's top 20 bits, exact as a double since the sum is below 2^52 in magnitude.
 * Wider values (the u64 registers at 2^63 and up, sums that wrapped) take the bigint shift.
 */
export const toVpn = (addr: bigint): Vpn => {
  if (BigInt.asIntN(64, addr) !== addr) return Number(addr >> 12n);
  word[0] = addr;
  return (high[HIGH] ?? 0) * 1048576 + ((low[LOW] ?? 0) >>> 12);
};
export const vpnToAddr = (vpn: Vpn): bigint => BigInt(vpn) << 12n;
/**
 * The whole pages in a byte length that is not negative (pageAlign's results): what
 * `Number(len / PAGE)` gives, without a bigint division below 2^63.
 */
export const pagesIn = (len: bigint): number => toVpn(len);
/**
 * The low 32 bits of a register as an unsigned number (`x & 0xffffffff`): a BigInt64Array
 * stores any bigint modulo 2^64, so the low word read back is those bits (see toVpn).
 */
export const lowU32 = (x: bigint): number => {
  word[0] = x;
  return low[LOW] ?? 0;
};
/** An `int` argument: the low 32 bits of the register, sign-extended. */
export const asInt = (x: bigint): number => lowU32(x) | 0;
/** RLIM_INFINITY >> PAGE_SHIFT, made once: most states have no limit. */
const RLIM_INFINITY_PAGES = toVpn(U64_MASK);
/**
 * rlimit(RLIMIT_MEMLOCK) >> PAGE_SHIFT: the limit in whole pages, rounded down; RLIM_INFINITY
 * (null, ~0UL) gives 2^52 - 1. Exact: the bytes are a bigint and the pages below 2^52, so the
 * page counts compared with it (locked_vm plus a length of at most 2^52 pages) stay below
 * 2^53, where numbers are exact.
 */
export const limitPages = (rlimit: bigint | null): number =>
  rlimit === null ? RLIM_INFINITY_PAGES : toVpn(u64(rlimit));
