// munmap(2) (mm/vma.c:do_vmi_munmap).

import { TASK_SIZE, offsetInPage, pageAlign, pagesIn, toVpn, u64 } from './addr.js';
import { nommuMunmap } from './nommuMunmap.js';
import { type Result, err, ok } from './result.js';
import type { Tx } from './tx.js';
import { unmapRange } from './unmap.js';

export function sysMunmap(tx: Tx, start: bigint, len: bigint): Result {
  if (tx.model.decisions.munmapWithinOneVma) return nommuMunmap(tx, start, len);
  // In unsigned long arithmetic, as do_vmi_munmap has it: TASK_SIZE - start wraps to a huge
  // value for a start above TASK_SIZE, which is why that start is refused on its own.
  if (offsetInPage(start) !== 0n || start > TASK_SIZE || len > u64(TASK_SIZE - start))
    return err('EINVAL');
  const aligned = pageAlign(len);
  if (aligned === 0n) return err('EINVAL');
  unmapRange(tx, toVpn(start), toVpn(start) + pagesIn(aligned));
  return ok(0n);
}
