// What names mean while a trace runs: uapi constants (and those a model adds), then regions
// and files bound by earlier statements. The runner and every later reading of an Outcome
// (judge, report, compare) replay bindings through this one class, so they cannot disagree.

import type { CallStmt } from './ast.js';
import type { ConcreteCall } from '../uapi/engine.js';
import { REGION_STRIDE, regionHint } from '../uapi/engine.js';
import { evaluate } from './evaluate.js';
import type { CallResult } from '../uapi/outcome.js';
import {
  MAP_FIXED,
  MAP_FIXED_NOREPLACE,
  MREMAP_DONTUNMAP,
  MREMAP_FIXED,
  PAGE_SIZE,
} from '../uapi/constants.js';
import { UAPI_CONSTANTS, type UapiConstant } from '../uapi/uapiConstants.js';

export type Constants = ReadonlyMap<string, bigint>;

/** The uapi vocabulary plus the names a model or proposal adds (a proposed MAP_FAULTPOPULATE). */
export function constantTable(extra: readonly UapiConstant[] = []): Constants {
  return new Map([...UAPI_CONSTANTS, ...extra].map((c) => [c.name, c.value]));
}

/** Calls whose result is an address, and those whose result is a file descriptor. */
export const ADDRESS_CALLS: ReadonlySet<string> = new Set(['mmap', 'mremap', 'existing', 'brk']);
export const FD_CALLS: ReadonlySet<string> = new Set(['tmpfile', 'fusefile', 'memfd_secret']);

export interface Binding {
  readonly name: string;
  readonly value: bigint;
  readonly kind: 'region' | 'file';
  /** Bound by a call that failed: a name for a spot, not for a mapping. */
  readonly failed?: boolean;
  /** Bound in an image an execve replaced: it still evaluates, but names nothing there now. */
  readonly gone?: boolean;
}

export class Bindings {
  private constructor(
    readonly constants: Constants,
    private readonly names: Map<string, Binding>,
    // Shared with fork children: NULL-hint placement counts in execution order across forks.
    private readonly hints: { next: number },
  ) {}

  static start(constants: Constants): Bindings {
    return new Bindings(constants, new Map(), { next: 0 });
  }

  /** A child's view: a copy of the names, the same hint counter. */
  fork(): Bindings {
    return new Bindings(this.constants, new Map(this.names), this.hints);
  }

  readonly lookup = (name: string): bigint | undefined =>
    this.names.get(name)?.value ?? this.constants.get(name);

  bind(name: string, value: bigint, kind: Binding['kind'], failed = false): void {
    this.names.set(name, failed ? { name, value, kind, failed } : { name, value, kind });
  }

  /**
   * Evaluates a call's arguments, putting a NULL-hint mmap at the next region spot. With
   * MAP_FIXED or MAP_FIXED_NOREPLACE, NULL is no hint but address 0, as in C, and is passed
   * as written: the kernel answers it (mm/mmap.c:do_mmap, security_mmap_addr and
   * vm.mmap_min_addr), it is not moved to a region spot. mremap's new_address written `NULL`
   * beside MREMAP_DONTUNMAP without MREMAP_FIXED is a hint too (mremapNullHint).
   */
  concreteCall(stmt: CallStmt): ConcreteCall {
    if (stmt.call === 'existing') {
      const arg = stmt.args[0];
      return { call: 'existing', args: [], name: arg?.kind === 'string' ? arg.value : '' };
    }
    const args = stmt.args.map((a) => evaluate(a, this.lookup));
    if (stmt.call === 'mmap' && args[0] === 0n && !fixedAddress(args[3])) {
      args[0] = regionHint(this.hints.next++);
    }
    if (stmt.call === 'mremap' && mremapNullHint(stmt, args[3] ?? 0n)) {
      args[4] = regionHint(this.hints.next++);
    }
    if (stmt.inject === undefined) return { call: stmt.call, args };
    const inject = stmt.inject.map((j) => ({
      fault: j.fault,
      addr: evaluate(j.addr, this.lookup),
    }));
    return { call: stmt.call, args, inject };
  }

  /**
   * Binds `stmt`'s name to what the call returned. A failed call binds too, the way the C
   * variable would read: an mmap to where the region would have gone (its hint), an mremap
   * to its target, a tmpfile to the fd -1, so later statements fail as they would in C.
   */
  bindResult(stmt: CallStmt, call: ConcreteCall, result: CallResult): void {
    // The old image's mappings are gone (spec/trace-format.md): their names describe no
    // address of the new one, where a model may place its heap where the old one was.
    if (stmt.call === 'execve' && result.kind === 'value')
      for (const [name, b] of this.names)
        if (b.kind === 'region') this.names.set(name, { ...b, gone: true });
    if (stmt.bind === undefined) return;
    const kind = FD_CALLS.has(stmt.call) ? 'file' : 'region';
    const value = result.kind === 'value' ? result.value : failedValue(call);
    this.bind(stmt.bind.name, value, kind, result.kind !== 'value');
  }

  /**
   * `a + 4P` for an address in (or within REGION_STRIDE past) a bound region, or undefined.
   * Names of mappings win over names a failed call left, which only mark a spot; names of an
   * image an execve replaced describe nothing.
   */
  describeAddress(addr: bigint): string | undefined {
    const near = [...this.names.values()].filter(
      (b) =>
        b.kind === 'region' && b.gone !== true && b.value <= addr && addr - b.value < REGION_STRIDE,
    );
    const mapped = near.filter((b) => b.failed !== true);
    const best = (mapped.length > 0 ? mapped : near).reduce<Binding | undefined>(
      (a, b) => (a === undefined || b.value > a.value ? b : a),
      undefined,
    );
    if (best === undefined) return undefined;
    const offset = addr - best.value;
    const page = BigInt(PAGE_SIZE);
    const rest = offset % page;
    return `${best.name} + ${(offset / page).toString()}P${rest === 0n ? '' : ` + ${rest.toString()}`}`;
  }
}

const FIXED = BigInt(MAP_FIXED | MAP_FIXED_NOREPLACE);

/**
 * Whether an mremap's new_address is written `NULL` where the kernel takes it as a hint:
 * with MREMAP_DONTUNMAP and without MREMAP_FIXED (mm/mremap.c:vrm_set_new_addr asks
 * get_unmapped_area with it). Such a NULL is placed at the next region spot, as a NULL-hint
 * mmap is, so the moved copy lands where the trace's regions lie; written `0`, it stays 0.
 */
export function mremapNullHint(stmt: CallStmt, flags: bigint): boolean {
  const a = stmt.args[4];
  if (a?.kind !== 'name' || a.name !== 'NULL') return false;
  return (flags & BigInt(MREMAP_DONTUNMAP)) !== 0n && (flags & BigInt(MREMAP_FIXED)) === 0n;
}

/** Whether mmap's flags make its address a demand rather than a hint. */
function fixedAddress(flags: bigint | undefined): boolean {
  return ((flags ?? 0n) & FIXED) !== 0n;
}

function failedValue(call: ConcreteCall): bigint {
  switch (call.call) {
    case 'mmap':
      return call.args[0] ?? 0n;
    case 'mremap':
      // MREMAP_FIXED names the target; otherwise the region stays where it was.
      return ((call.args[3] ?? 0n) & BigInt(MREMAP_FIXED)) !== 0n
        ? (call.args[4] ?? 0n)
        : (call.args[0] ?? 0n);
    case 'tmpfile':
    case 'fusefile':
    case 'memfd_secret':
      return BigInt.asUintN(64, -1n);
    default:
      return 0n;
  }
}
