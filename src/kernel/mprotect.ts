// mprotect(2) (mm/mprotect.c:do_mprotect_pkey, mprotect_fixup): lock bits are kept; a private
// VM_LOCKED VMA that gains write is populated at once (4.2, "mm: fix mprotect() behaviour on
// VM_LOCKED VMAs"), which breaks COW on the zero pages mlock had mapped.

import { offsetInPage, pageAlign, pagesIn, toVpn, u64 } from './addr.js';
import { mayExpandData } from './dataLimit.js';
import { mmPopulate } from './populate.js';
import { type Result, err, ok } from './result.js';
import type { Tx } from './tx.js';
import {
  PROT_EXEC,
  PROT_GROWSDOWN,
  PROT_GROWSUP,
  PROT_READ,
  PROT_SEM,
  PROT_WRITE,
} from '../uapi/constants.js';
import { firstEndingAfter, modifyFlags } from './vmaList.js';
import { walkPieces } from './walkPieces.js';
import * as F from '../uapi/vmFlags.js';

/** mm/mprotect.c:mprotect_fixup for vmas[i]'s part [start, end). Returns the covering index. */
function mprotectFixup(
  tx: Tx,
  i: number,
  start: number,
  end: number,
  newFlagsIn: F.VmFlags,
): number | 'ENOMEM' {
  const v = tx.mm.vmas[i];
  // Stryker disable next-line ConditionalExpression,StringLiteral: walkPieces passes only indices of VMAs it has read
  if (v === undefined) throw new Error(`mprotectFixup: no VMA at ${i}`);
  const oldFlags = v.flags;
  let newFlags = newFlagsIn;
  // Without this shortcut the flags stay equal too: only VM_ACCOUNT is adjusted below, dropped
  // from an unfaulted anonymous VMA without write that has it, which no call makes (the charge
  // comes only with VM_WRITE, and such a VMA losing write gives it back then).
  // Stryker disable next-line ConditionalExpression: equivalent, see above
  if (newFlags === oldFlags) return i;
  if (F.hasAny(newFlags, F.VM_WRITE)) {
    // A mapping that becomes data must fit in RLIMIT_DATA (one that already was data is not
    // checked again). On failure the VMAs changed before this one stay changed.
    const pages = end - start;
    if (!mayExpandData(tx, newFlags, pages) && mayExpandData(tx, oldFlags, pages)) return 'ENOMEM';
    const charged = F.vmFlags(
      F.VM_ACCOUNT | F.VM_WRITE | F.VM_HUGETLB | F.VM_SHARED | F.VM_NORESERVE,
    );
    if (!F.hasAny(oldFlags, charged)) newFlags = F.withFlags(newFlags, F.VM_ACCOUNT);
  } else if (
    tx.model.decisions.mprotectUnaccountsUnfaulted &&
    F.hasAny(oldFlags, F.VM_ACCOUNT) &&
    v.backing.kind === 'anon' &&
    v.anonVma === 0
  ) {
    // A never-faulted anonymous VMA gives its commit charge back when it loses write.
    newFlags = F.withoutFlags(newFlags, F.VM_ACCOUNT);
  }
  // The access bits differ here (the shortcut above returned otherwise) and the adjustments
  // touch VM_ACCOUNT only, so this never returns: kept for the kernel's shape.
  // Stryker disable next-line ConditionalExpression: equivalent, see above
  if (newFlags === oldFlags) return i;
  const j = modifyFlags(tx, i, start, end, newFlags);
  const lockedPrivateReadOnly =
    F.maskFlags(oldFlags, F.vmFlags(F.VM_WRITE | F.VM_SHARED | F.VM_LOCKED)) === F.VM_LOCKED;
  // [start, end) is one VMA now, so ignoring errors or not ends mmPopulate at the same point;
  // mprotect drops the result either way (mprotect_fixup ignores populate_vma_page_range's).
  // Stryker disable next-line BooleanLiteral: equivalent, see above
  if (lockedPrivateReadOnly && F.hasAny(newFlags, F.VM_WRITE)) mmPopulate(tx, start, end, true);
  return j;
}

/** The bits of prot mprotect takes as they are, and the two it reads for direction. */
const PROT_GROWS = BigInt(PROT_GROWSDOWN | PROT_GROWSUP);
const PROT_UNKNOWN = ~BigInt(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM);
const PROT_GROWSDOWN_64 = BigInt(PROT_GROWSDOWN);

export function sysMprotect(tx: Tx, start: bigint, rawLen: bigint, prot64: bigint): Result {
  const grows = prot64 & PROT_GROWS;
  if (grows === PROT_GROWS) return err('EINVAL');
  const prot = prot64 & ~grows;
  if (offsetInPage(start) !== 0n) return err('EINVAL');
  if (rawLen === 0n) return ok(0n);
  const len = pageAlign(rawLen);
  const endAddr = u64(start + len);
  if (endAddr <= start) return err('ENOMEM');
  if (prot & PROT_UNKNOWN) return err('EINVAL');
  const bits = F.vmFlags(Number(prot) & (PROT_READ | PROT_WRITE | PROT_EXEC));
  let s = toVpn(start);
  const e = s + pagesIn(len);
  const i = firstEndingAfter(tx.mm.vmas, s);
  const first = tx.mm.vmas[i];
  if (first === undefined || first.start >= e) return err('ENOMEM');
  if (grows === PROT_GROWSDOWN_64) {
    if (!F.hasAny(first.flags, F.VM_GROWSDOWN)) return err('EINVAL');
    s = first.start;
  } else {
    if (first.start > s) return err('ENOMEM');
    // x86 has no VM_GROWSUP: PROT_GROWSUP is refused once the start is found mapped
    // (spec/litmus/mprotect+bad_arguments.mmt).
    if (grows !== 0n) return err('EINVAL');
  }
  return walkPieces(tx, i, s, e, (j, from, to) => {
    const v = tx.mm.vmas[j];
    // Stryker disable next-line ConditionalExpression,StringLiteral: walkPieces passes only indices of VMAs it has read
    if (v === undefined) return 'ENOMEM';
    const newFlags = F.withFlags(F.withoutFlags(v.flags, F.VM_ACCESS_FLAGS), bits);
    // VM_MAY* bits sit 4 above the VM_* bits they allow.
    const mayBits = F.maskFlags(v.flags, F.vmFlags(F.VM_MAYREAD | F.VM_MAYWRITE | F.VM_MAYEXEC));
    if (F.hasAny(F.withoutFlags(bits, F.vmFlags(mayBits >> 4)), F.VM_ACCESS_FLAGS)) return 'EACCES';
    return mprotectFixup(tx, j, from, to, newFlags);
  });
}
