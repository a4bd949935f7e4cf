// The calls on one slot: mmap on an unmapped slot; munmap, mlock, mlock2(MLOCK_ONFAULT),
// munlock, touch and reclaim on a mapped one. Each rewrites the slot's word of `next` and
// emits; `next` is left as it was found.

import type { LockbenchEmit, LockbenchState } from '../lockbenchSystem.js';
import {
  MLOCK,
  MLOCK2_ONFAULT,
  MMAP,
  MUNLOCK,
  MUNMAP,
  RECLAIM,
  TOUCH,
  label,
} from './lockbenchLabel.js';
import { LockMode, PageState } from './slotCodes.js';
import type { SlotTables } from './slotCodes.js';
import type { SlotLayout } from './slotLayout.js';

export function slotCalls(
  s: LockbenchState,
  k: number,
  next: number[],
  layout: SlotLayout,
  t: SlotTables,
  emit: LockbenchEmit,
): void {
  const w = layout.wordOf[k] ?? 0;
  const shift = layout.shiftOf[k] ?? 0;
  const word = s[w] ?? 0;
  const code = (word >>> shift) & layout.slotMask;
  const cleared = word & ~(layout.slotMask << shift);
  if (code === LockMode.UNMAPPED) {
    const def = ((s[layout.defWord] ?? 0) >>> layout.defShift) & 3;
    for (let flags = 0; flags < 4; flags++) {
      next[w] = cleared | ((t.mmap[def * 4 + flags] ?? 0) << shift);
      emit(label(MMAP, k, flags), next);
    }
  } else {
    next[w] = cleared;
    emit(label(MUNMAP, k), next);
    next[w] = cleared | ((t.mlock[code] ?? 0) << shift);
    emit(label(MLOCK, k), next);
    next[w] = cleared | ((t.onfault[code] ?? 0) << shift);
    emit(label(MLOCK2_ONFAULT, k), next);
    next[w] = cleared | ((t.munlock[code] ?? 0) << shift);
    emit(label(MUNLOCK, k), next);
    const filled = (code & 3) === LockMode.NONE ? PageState.PRESENT : PageState.MLOCKED;
    for (let p = 0, at = shift + 2; p < t.pages; p++, at += 2) {
      const page = (word >>> at) & 3;
      if (page === PageState.ABSENT) {
        next[w] = word | (filled << at);
        emit(label(TOUCH, k, p), next);
      } else if (page === PageState.PRESENT) {
        next[w] = word & ~(3 << at);
        emit(label(RECLAIM, k, p), next);
      }
    }
  }
  next[w] = word;
}
