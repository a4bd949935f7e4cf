// The directive lines of a process setup (trace-format.md: `rlimit MEMLOCK`, `cap`), for the
// traces mmspec writes itself: conformance traces and counterexamples.

export interface ProcessSetup {
  readonly capIpcLock: boolean;
  /** RLIMIT_MEMLOCK in bytes, or null for unlimited (the default, so no line). */
  readonly rlimitBytes: number | null;
}

export function setupDirectives(setup: ProcessSetup): string[] {
  const lines: string[] = [];
  if (setup.rlimitBytes !== null) {
    const b = setup.rlimitBytes;
    lines.push(`rlimit MEMLOCK ${b > 0 && b % 4096 === 0 ? `${b / 4096}P` : String(b)}`);
  }
  if (!setup.capIpcLock) lines.push('cap CAP_IPC_LOCK off');
  return lines;
}
