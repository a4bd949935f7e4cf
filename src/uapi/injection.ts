// The environment's answers to a fault, as a trace or the explorer injects them before a call
// (spec/trace-format.md, `inject`): what handle_mm_fault returns at one page instead of doing
// its work. Off unless a trace or a bound asks for them.
//
// - VM_FAULT_OOM: the page allocation (or its memcg charge) fails at that page.
// - VM_FAULT_SIGBUS: the page cannot be read in: an I/O error on a file page, or a
//   userfaultfd registered with UFFD_FEATURE_SIGBUS on a missing page.
// - VM_FAULT_RETRY: the fault dropped mmap_lock and asks to be retried once; the retry
//   succeeds (the environment made progress, as a userfaultfd handler resolving the page does).
// - VM_FAULT_RETRY_FOREVER: mmspec's name for a VM_FAULT_RETRY whose every retry answers
//   VM_FAULT_RETRY again (no progress): the call never returns.
// - VM_FAULT_HWPOISON: the page is hardware-poisoned (memory_failure, MADV_HWPOISON): a fault
//   there answers VM_FAULT_HWPOISON, present or not.

export const ENV_FAULTS = [
  'VM_FAULT_OOM',
  'VM_FAULT_SIGBUS',
  'VM_FAULT_RETRY',
  'VM_FAULT_RETRY_FOREVER',
  'VM_FAULT_HWPOISON',
] as const;

export type EnvFault = (typeof ENV_FAULTS)[number];

export const isEnvFault = (name: string): name is EnvFault =>
  (ENV_FAULTS as readonly string[]).includes(name);

/** One injected answer: the fault at the page holding `addr` answers `fault`. */
export interface Injection {
  readonly fault: EnvFault;
  readonly addr: bigint;
}
