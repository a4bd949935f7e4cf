// Addresses as a trace spells them: relative to the region (a, b, c, ...) they lie in, since
// every address the bound reaches lies inside one (src/check/_internals/layout.ts).

import { PAGE } from '../../kernel/addr.js';
import { addressText } from '../../check/letter.js';
import { REGION_BASE, REGION_STRIDE } from '../../uapi/engine.js';

/** `a`, `b + 2P`; a bare hex number for an address outside every region, or not page aligned. */
export function regionText(addr: bigint): string {
  const rel = addr - REGION_BASE;
  if (rel < 0n || rel % PAGE !== 0n) return `0x${addr.toString(16)}`;
  return addressText(Number(rel / REGION_STRIDE), Number((rel % REGION_STRIDE) / PAGE), 0);
}
