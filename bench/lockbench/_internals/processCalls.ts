// The calls on the whole process, always enabled: mlockall in its 6 valid forms, then
// munlockall. Each slot's rewrite is the same as the per-slot call's (mlock, mlock2 onfault,
// munlock), applied to every mapped slot; def_flags is rewritten in place.

import type { LockbenchEmit, LockbenchState } from '../lockbenchSystem.js';
import { MLOCKALL, MLOCKALL_FLAGS, MUNLOCKALL, label } from './lockbenchLabel.js';
import { DefFlags } from './slotCodes.js';
import type { SlotTables } from './slotCodes.js';
import type { SlotLayout } from './slotLayout.js';

/** Every slot of `s` through `table`, into `out`. */
function everySlotThrough(
  s: LockbenchState,
  table: Int32Array,
  layout: SlotLayout,
  out: number[],
): void {
  for (let i = 0; i < out.length; i++) out[i] = s[i] ?? 0;
  for (let k = 0; k < layout.wordOf.length; k++) {
    const w = layout.wordOf[k] ?? 0;
    const shift = layout.shiftOf[k] ?? 0;
    const word = out[w] ?? 0;
    const code = (word >>> shift) & layout.slotMask;
    out[w] = (word & ~(layout.slotMask << shift)) | ((table[code] ?? 0) << shift);
  }
}

function setDef(out: number[], layout: SlotLayout, def: DefFlags): void {
  const w = layout.defWord;
  out[w] = ((out[w] ?? 0) & ~(3 << layout.defShift)) | (def << layout.defShift);
}

export function processCalls(
  s: LockbenchState,
  next: number[],
  layout: SlotLayout,
  t: SlotTables,
  emit: LockbenchEmit,
): void {
  for (let i = 0; i < MLOCKALL_FLAGS.length; i++) {
    const flags = MLOCKALL_FLAGS[i] ?? 0;
    const onfault = (flags & 4) !== 0;
    if ((flags & 1) !== 0) everySlotThrough(s, onfault ? t.onfault : t.mlock, layout, next);
    else for (let j = 0; j < next.length; j++) next[j] = s[j] ?? 0;
    setDef(
      next,
      layout,
      (flags & 2) === 0 ? DefFlags.NONE : onfault ? DefFlags.FUTURE_ONFAULT : DefFlags.FUTURE,
    );
    emit(label(MLOCKALL, 0, i), next);
  }
  everySlotThrough(s, t.munlock, layout, next);
  setDef(next, layout, DefFlags.NONE);
  emit(label(MUNLOCKALL), next);
  for (let j = 0; j < next.length; j++) next[j] = s[j] ?? 0;
}
