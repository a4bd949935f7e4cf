// What mremap.2 says of mremap's arguments alone, shared by mremapRefusalsJustified and
// mremapBadArgumentsRefused: the checks of mm/mremap.c:check_mremap_params (SYSCALL mremap
// and mremap_to before 6.17), stated as the man page lists them.

import { PAGE, TASK_SIZE, pageAlign } from '../../../src/kernel/addr.js';
import type { KernelCall } from '../../../src/kernel/call.js';
import { MREMAP_DONTUNMAP, MREMAP_FIXED, MREMAP_MAYMOVE } from '../../../src/uapi/constants.js';
import { VM_DONTEXPAND, VM_PFNMAP, vmFlags } from '../../../src/uapi/vmFlags.js';
import { arg } from './mmFacts.js';

/** The VMAs mremap will not resize (mm/mremap.c:vma_to_resize, resize_is_valid): EFAULT. */
export const MREMAP_UNRESIZABLE = vmFlags(VM_DONTEXPAND | VM_PFNMAP);

/** mremap's arguments, the lengths page-aligned as the SYSCALL aligns them. */
export interface MremapArgs {
  readonly addr: bigint;
  readonly oldLen: bigint;
  readonly newLen: bigint;
  /** The whole unsigned long: bits above 32 are flags no kernel knows. */
  readonly flags: bigint;
  readonly newAddr: bigint;
}

export function mremapArgs(call: KernelCall): MremapArgs {
  return {
    addr: BigInt.asUintN(64, arg(call, 0)),
    oldLen: pageAlign(BigInt.asUintN(64, arg(call, 1))),
    newLen: pageAlign(BigInt.asUintN(64, arg(call, 2))),
    flags: BigInt.asUintN(64, arg(call, 3)),
    newAddr: BigInt.asUintN(64, arg(call, 4)),
  };
}

const has = (a: MremapArgs, flag: number): boolean => (a.flags & BigInt(flag)) !== 0n;

/** MREMAP_FIXED or MREMAP_DONTUNMAP: the call names a new address. */
export const namesNewAddr = (a: MremapArgs): boolean =>
  has(a, MREMAP_FIXED) || has(a, MREMAP_DONTUNMAP);

/**
 * mremap.2 EINVAL from the arguments alone, before any VMA is looked at: an unknown flag, an
 * unaligned old_address, a new_size of 0 or past TASK_SIZE ("new_size ... was invalid"; for
 * every call from 6.17, check_mremap_params: before, a resize with no room was ENOMEM,
 * litmus mremap+new_len_past_task_size), MREMAP_FIXED or MREMAP_DONTUNMAP without
 * MREMAP_MAYMOVE, MREMAP_DONTUNMAP with old_size != new_size.
 */
export function argumentsInvalid(a: MremapArgs): boolean {
  const known = BigInt(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP);
  if ((a.flags & ~known) !== 0n || a.addr % PAGE !== 0n || a.newLen === 0n) return true;
  if (a.newLen > TASK_SIZE) return true;
  if (namesNewAddr(a) && !has(a, MREMAP_MAYMOVE)) return true;
  return has(a, MREMAP_DONTUNMAP) && a.oldLen !== a.newLen;
}

/**
 * mremap.2 EINVAL for the new address a move names: unaligned, overlapping the old range, or
 * a new range past TASK_SIZE. Kernels before 6.17 check it after looking the old VMA up
 * (mremap_to), so a hole at old_address answers EFAULT first there.
 */
export function newAddrInvalid(a: MremapArgs): boolean {
  if (!namesNewAddr(a)) return false;
  if (a.newAddr % PAGE !== 0n) return true;
  if (a.addr < a.newAddr + a.newLen && a.newAddr < a.addr + a.oldLen) return true;
  return a.newLen > TASK_SIZE || a.newAddr > TASK_SIZE - a.newLen;
}

/**
 * A shrink whose tail [old_address + new_size, old_address + old_size) runs past TASK_SIZE:
 * the tail is unmapped by the kernel's munmap, whose range check refuses it (EINVAL) before
 * anything changes (mm/mremap.c:shrink_vma, do_vmi_munmap; litmus mremap+shrink_past_task_size).
 */
export function shrinkTailInvalid(a: MremapArgs): boolean {
  if (a.newLen >= a.oldLen) return false;
  const start = BigInt.asUintN(64, a.addr + a.newLen);
  return start > TASK_SIZE || a.oldLen - a.newLen > TASK_SIZE - start;
}
