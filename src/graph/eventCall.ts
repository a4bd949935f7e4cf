// Each statechart event as the call the simulator runs: region k lives at regionHint(k), the
// address the trace runner gives the k-th region, mapped exactly there with MAP_FIXED_NOREPLACE
// so that mapping a region twice fails (EEXIST) instead of landing elsewhere.

import {
  MAP_KIND_FLAGS,
  REGION_CALLS,
  type MmEvent,
  type RegionSyscall,
} from '../../spec/machines/mmEvent.js';
import type { KernelCall } from '../kernel/call.js';
import { constantTable } from '../trace/bindings.js';
import {
  MAP_ANONYMOUS,
  MAP_FIXED_NOREPLACE,
  MAP_PRIVATE,
  PAGE_SIZE,
  PROT_READ,
  PROT_WRITE,
} from '../uapi/constants.js';
import { regionHint } from '../uapi/engine.js';

const UAPI = constantTable();

/** The value of flags given as uapi names (or a number no kernel names). */
function flagsValue(flags: readonly (string | number)[]): bigint {
  return flags.reduce<bigint>((value, flag) => {
    const bits = typeof flag === 'number' ? BigInt(flag) : UAPI.get(flag);
    if (bits === undefined) throw new Error(`no uapi constant ${flag}`);
    return value | bits;
  }, 0n);
}

/** A region event's call on the whole region: its address, length, and flags if it has any. */
function regionSyscallArgs(s: RegionSyscall, hint: bigint, len: bigint): bigint[] {
  return s.flags === undefined ? [hint, len] : [hint, len, flagsValue([s.flags])];
}

export const MMAP_BASE_FLAGS = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE;
const FD_NONE = (1n << 64n) - 1n; // -1 as the unsigned value C passes

const pageAddr = (k: number, i: number) => regionHint(k) + BigInt(i * PAGE_SIZE);

export function eventCall(e: MmEvent, pages: number): KernelCall {
  const len = BigInt(pages * PAGE_SIZE);
  switch (e.call) {
    case 'mmap': {
      const flags = BigInt(MMAP_BASE_FLAGS) | flagsValue(MAP_KIND_FLAGS[e.map]);
      return {
        call: 'mmap',
        args: [regionHint(e.region), len, BigInt(PROT_READ | PROT_WRITE), flags, FD_NONE, 0n],
      };
    }
    case 'munmap':
    case 'mlock':
    case 'munlock':
    case 'mlock2_onfault':
    case 'mlock2_einval': {
      const syscall = REGION_CALLS[e.call];
      return { call: syscall.call, args: regionSyscallArgs(syscall, regionHint(e.region), len) };
    }
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
