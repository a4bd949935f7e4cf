// A call the step function takes: a system call or user access with concrete arguments (as
// the trace runner evaluates them), or entering and leaving a fork block.

import type { ConcreteCall } from '../trace/engine.js';

export type KernelCall =
  | ConcreteCall
  | { readonly call: 'fork'; readonly args: readonly bigint[] }
  | { readonly call: 'exit'; readonly args: readonly bigint[] };
