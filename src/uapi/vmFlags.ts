// VM_* bits of a VMA (include/linux/mm.h) and the mnemonics /proc/PID/smaps prints for them
// (fs/proc/task_mmu.c:show_smap_vma_flags).
//
// NOTE: VM_DROPPABLE is bit 40 on 64-bit kernels, past JavaScript's 32-bit bitwise operators.
// Flags are kept as a plain number; every operation that sets or clears bits goes through the
// helpers below, which treat the word as two 32-bit halves when it is wider than 32 bits.
// Testing a low bit with `&` is safe.

declare const vmFlagsBrand: unique symbol;
/** A VMA's vm_flags word, with the kernel's bit values. */
export type VmFlags = number & { readonly [vmFlagsBrand]: true };

const TWO32 = 0x1_0000_0000;
const hi = (f: number) => Math.floor(f / TWO32);
const lo = (f: number) => f >>> 0;
const join = (h: number, l: number) => (h >>> 0) * TWO32 + (l >>> 0);
/**
 * Whether `f` is a 32-bit word (every flag but VM_DROPPABLE is): then the helpers below need no
 * halves, which cost a division and a Math.floor on every test (2.5% of the simulator's samples).
 */
const isWord = (f: number) => f >>> 0 === f;

export const vmFlags = (bits: number): VmFlags => bits as VmFlags;
export const VM_READ = vmFlags(0x1);
export const VM_WRITE = vmFlags(0x2);
export const VM_EXEC = vmFlags(0x4);
export const VM_SHARED = vmFlags(0x8);
export const VM_MAYREAD = vmFlags(0x10);
export const VM_MAYWRITE = vmFlags(0x20);
export const VM_MAYEXEC = vmFlags(0x40);
export const VM_MAYSHARE = vmFlags(0x80);
export const VM_GROWSDOWN = vmFlags(0x100);
export const VM_PFNMAP = vmFlags(0x400);
export const VM_LOCKED = vmFlags(0x2000);
export const VM_IO = vmFlags(0x4000);
export const VM_DONTCOPY = vmFlags(0x20000);
export const VM_DONTEXPAND = vmFlags(0x40000);
export const VM_LOCKONFAULT = vmFlags(0x80000);
export const VM_ACCOUNT = vmFlags(0x100000);
export const VM_NORESERVE = vmFlags(0x200000);
export const VM_HUGETLB = vmFlags(0x400000);
export const VM_SYNC = vmFlags(0x800000);
export const VM_WIPEONFORK = vmFlags(0x2000000);
export const VM_DONTDUMP = vmFlags(0x4000000);
export const VM_MIXEDMAP = vmFlags(0x10000000);
export const VM_HUGEPAGE = vmFlags(0x20000000);
export const VM_NOHUGEPAGE = vmFlags(0x40000000);
export const VM_DROPPABLE = vmFlags(2 ** 40);

/** VM_LOCKED|VM_LOCKONFAULT: the lock bits mlock, mlock2 and mlockall rewrite together. */
export const VM_LOCKED_MASK = vmFlags(VM_LOCKED | VM_LOCKONFAULT);
/** Mappings mlock and mlockall leave alone (mm/mlock.c:mlock_fixup). */
export const VM_SPECIAL = vmFlags(VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_MIXEDMAP);
/** The def_flags bits a fork child or exec keeps (include/linux/mm.h). */
export const VM_INIT_DEF_MASK = VM_NOHUGEPAGE;
/** The protection bits (VM_READ|VM_WRITE|VM_EXEC). */
export const VM_ACCESS_FLAGS = vmFlags(VM_READ | VM_WRITE | VM_EXEC);

export function hasAny(flags: VmFlags, bits: VmFlags): boolean {
  if (isWord(flags) && isWord(bits)) return (flags & bits) !== 0;
  return (hi(flags) & hi(bits)) !== 0 || (lo(flags) & lo(bits)) !== 0;
}

export function withFlags(flags: VmFlags, bits: VmFlags): VmFlags {
  if (isWord(flags) && isWord(bits)) return ((flags | bits) >>> 0) as VmFlags;
  return join(hi(flags) | hi(bits), lo(flags) | lo(bits)) as VmFlags;
}

export function withoutFlags(flags: VmFlags, bits: VmFlags): VmFlags {
  // A word's high half is empty, whatever `bits` clears there.
  if (isWord(flags)) return ((flags & ~bits) >>> 0) as VmFlags;
  return join(hi(flags) & ~hi(bits), lo(flags) & ~lo(bits)) as VmFlags;
}

/** The bits of `flags` that are also in `mask`. */
export function maskFlags(flags: VmFlags, mask: VmFlags): VmFlags {
  if (isWord(flags) || isWord(mask)) return ((flags & mask) >>> 0) as VmFlags;
  return join(hi(flags) & hi(mask), lo(flags) & lo(mask)) as VmFlags;
}

/** smaps mnemonics in the order the kernel prints them. */
const MNEMONIC_TABLE: readonly (readonly [VmFlags, string])[] = [
  [VM_READ, 'rd'],
  [VM_WRITE, 'wr'],
  [VM_EXEC, 'ex'],
  [VM_SHARED, 'sh'],
  [VM_MAYREAD, 'mr'],
  [VM_MAYWRITE, 'mw'],
  [VM_MAYEXEC, 'me'],
  [VM_MAYSHARE, 'ms'],
  [VM_GROWSDOWN, 'gd'],
  [VM_PFNMAP, 'pf'],
  [VM_LOCKED, 'lo'],
  [VM_IO, 'io'],
  [VM_DONTCOPY, 'dc'],
  [VM_DONTEXPAND, 'de'],
  [VM_LOCKONFAULT, 'lf'],
  [VM_ACCOUNT, 'ac'],
  [VM_NORESERVE, 'nr'],
  [VM_HUGETLB, 'ht'],
  [VM_SYNC, 'sf'],
  [VM_WIPEONFORK, 'wf'],
  [VM_DONTDUMP, 'dd'],
  [VM_MIXEDMAP, 'mm'],
  [VM_HUGEPAGE, 'hg'],
  [VM_NOHUGEPAGE, 'nh'],
  [VM_DROPPABLE, 'dp'],
];

/**
 * The mnemonics the models track. A comparison with the real kernel looks only at these:
 * the kernel also prints bits no model carries (`sd` soft-dirty, `mg`, `ar`, `gu`, ...).
 */
export const MODELLED_MNEMONICS: readonly string[] = MNEMONIC_TABLE.map(([, m]) => m);

export function mnemonics(flags: VmFlags): string[] {
  const out: string[] = [];
  for (const [bit, name] of MNEMONIC_TABLE) if (hasAny(flags, bit)) out.push(name);
  return out;
}

/** The bits set in one word and not the other. */
export function xorFlags(a: VmFlags, b: VmFlags): VmFlags {
  return join(hi(a) ^ hi(b), lo(a) ^ lo(b)) as VmFlags;
}
