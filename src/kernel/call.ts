// A call the step function takes: a system call or user access with concrete arguments (as
// the trace runner evaluates them), or entering and leaving a fork block.

import type { ConcreteCall } from '../uapi/engine.js';

export type KernelCall =
  | ConcreteCall
  | { readonly call: 'fork'; readonly args: readonly bigint[] }
  | { readonly call: 'exit'; readonly args: readonly bigint[] }
  /**
   * lru_add_drain() with no system call of the trace's: the real-kernel executor's def_flags
   * probe maps and unmaps a page, which drains the per-CPU mlock batch (src/oracle).
   */
  | { readonly call: 'lru_add_drain'; readonly args: readonly bigint[] };
