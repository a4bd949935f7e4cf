// The environment of one call: the answers a trace or the explorer injected for its faults
// (src/uapi/injection.ts). Empty for every call that injects nothing, so the default bound's
// runs do exactly what they did before. The fault handler asks it before doing its own work
// (fault.ts); GUP keeps its run-wise fast paths off the injected pages (populate.ts).

import type { KernelCall } from './call.js';
import type { Vpn } from './state.js';
import type { EnvFault } from '../uapi/injection.js';

/** What the environment answers at a fault, instead of the fault handler's own work. */
export type EnvAnswer = 'OOM' | 'SIGBUS' | 'RETRY' | 'HWPOISON';

/**
 * How many times a fault that answers VM_FAULT_RETRY is retried before the model calls the
 * call a hang: the step budget of a call that never returns. The kernel retries without limit
 * (mm/gup.c:__get_user_pages_locked, arch/x86/mm/fault.c with FAULT_FLAG_TRIED since 5.7).
 */
export const MAX_FAULT_RETRIES = 8;

const ANSWERS: Readonly<Record<EnvFault, EnvAnswer>> = {
  VM_FAULT_OOM: 'OOM',
  VM_FAULT_SIGBUS: 'SIGBUS',
  VM_FAULT_RETRY: 'RETRY',
  VM_FAULT_RETRY_FOREVER: 'RETRY',
  VM_FAULT_HWPOISON: 'HWPOISON',
};

export class FaultEnvironment {
  static readonly NONE = new FaultEnvironment(new Map());

  /** Pages whose one VM_FAULT_RETRY has been answered (the retry then makes progress). */
  private readonly retried = new Set<Vpn>();
  /** The call ran into a retry without progress: it never returns (step.ts reports a hang). */
  hung = false;

  private constructor(private readonly byVpn: ReadonlyMap<Vpn, EnvFault>) {}

  static of(call: KernelCall): FaultEnvironment {
    const inject = 'inject' in call ? call.inject : undefined;
    if (inject === undefined || inject.length === 0) return FaultEnvironment.NONE;
    // The last injection at a page wins, as the trace reads top to bottom.
    return new FaultEnvironment(new Map(inject.map((j) => [Number(j.addr >> 12n), j.fault])));
  }

  get empty(): boolean {
    return this.byVpn.size === 0;
  }

  /** Whether the page at `vpn` is poisoned: present or not, it must be faulted (and fails). */
  poisoned(vpn: Vpn): boolean {
    return this.byVpn.get(vpn) === 'VM_FAULT_HWPOISON';
  }

  /** The first injected page of [from, to), or `to`: run-wise paths stop before it. */
  firstIn(from: Vpn, to: Vpn): Vpn {
    let first = to;
    for (const vpn of this.byVpn.keys()) if (vpn >= from && vpn < first) first = vpn;
    return first;
  }

  /**
   * The answer to a fault at `vpn` that reaches the handler (handle_mm_fault), or null when the
   * environment lets it run. A VM_FAULT_RETRY with progress answers once.
   */
  answer(vpn: Vpn): EnvAnswer | null {
    const fault = this.byVpn.get(vpn);
    if (fault === undefined) return null;
    if (fault === 'VM_FAULT_RETRY') {
      if (this.retried.has(vpn)) return null;
      this.retried.add(vpn);
    }
    return ANSWERS[fault];
  }
}
