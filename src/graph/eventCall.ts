// Each statechart event as the call the simulator runs: region k lives at regionHint(k), the
// address the trace runner gives the k-th region, mapped exactly there with MAP_FIXED_NOREPLACE
// so that mapping a region twice fails (EEXIST) instead of landing elsewhere.

import type { MapKind, MmEvent } from '../../spec/machines/mmEvent.js';
import type { KernelCall } from '../kernel/call.js';
import {
  MAP_ANONYMOUS,
  MAP_FIXED_NOREPLACE,
  MAP_LOCKED,
  MAP_NONBLOCK,
  MAP_POPULATE,
  MAP_PRIVATE,
  MLOCK_ONFAULT,
  PAGE_SIZE,
  PROT_READ,
  PROT_WRITE,
} from '../uapi/constants.js';
import { regionHint } from '../uapi/engine.js';

/** The flags of the mmap each MapKind stands for, on top of MAP_PRIVATE|MAP_ANONYMOUS. */
export const MAP_KIND_FLAGS: Record<MapKind, number> = {
  plain: 0,
  populate: MAP_POPULATE,
  populate_nonblock: MAP_POPULATE | MAP_NONBLOCK,
  locked: MAP_LOCKED,
};

/** mlock2 flags no kernel accepts (anything but MLOCK_ONFAULT: 4.1 step 1). */
export const MLOCK2_INVALID = 2;

export const MMAP_BASE_FLAGS = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE;
const FD_NONE = (1n << 64n) - 1n; // -1 as the unsigned value C passes

const pageAddr = (k: number, i: number) => regionHint(k) + BigInt(i * PAGE_SIZE);

export function eventCall(e: MmEvent, pages: number): KernelCall {
  const len = BigInt(pages * PAGE_SIZE);
  switch (e.call) {
    case 'mmap': {
      const flags = BigInt(MMAP_BASE_FLAGS | MAP_KIND_FLAGS[e.map]);
      return {
        call: 'mmap',
        args: [regionHint(e.region), len, BigInt(PROT_READ | PROT_WRITE), flags, FD_NONE, 0n],
      };
    }
    case 'munmap':
    case 'mlock':
    case 'munlock':
      return { call: e.call, args: [regionHint(e.region), len] };
    case 'mlock2_onfault':
      return { call: 'mlock2', args: [regionHint(e.region), len, BigInt(MLOCK_ONFAULT)] };
    case 'mlock2_einval':
      return { call: 'mlock2', args: [regionHint(e.region), len, BigInt(MLOCK2_INVALID)] };
    case 'read':
      return { call: 'read', args: [pageAddr(e.region, e.page)] };
    case 'write':
      return { call: 'write', args: [pageAddr(e.region, e.page), 1n] };
    case 'mlockall':
      return { call: 'mlockall', args: [BigInt(e.flags)] };
    case 'munlockall':
      return { call: 'munlockall', args: [] };
  }
}
