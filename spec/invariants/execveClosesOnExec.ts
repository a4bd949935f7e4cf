// What execve keeps of the descriptor table (fs/exec.c:begin_new_exec -> fs/file.c:
// do_close_on_exec; execve.2 "File descriptors open across an execve"): every descriptor with
// FD_CLOEXEC is closed, every other one stays open on the same file. Whether a descriptor has
// FD_CLOEXEC is fixed by the call that opened it: the trace language's tmpfile and fusefile are
// opened O_CLOEXEC (src/oracle/executor.c do_tmpfile, executorFuse.h), memfd_secret with flags 0
// (mm/secretmem.c: no SECRETMEM_CLOEXEC asked), and no call of the trace language changes it.

import { currentMm } from '../../src/kernel/state.js';
import type { FileKind, KernelState } from '../../src/kernel/state.js';
import type { TransitionInvariant } from './specInvariant.js';

/** The kinds of file whose descriptors the trace language opens close-on-exec. */
const OPENED_CLOEXEC: ReadonlySet<FileKind> = new Set<FileKind>(['regular']);

const closeOnExec = (state: KernelState, file: number): boolean => {
  const kind = state.files[file]?.kind;
  return kind !== undefined && OPENED_CLOEXEC.has(kind);
};

export const execveClosesOnExec: TransitionInvariant = {
  kind: 'transition',
  // A postcondition of success: a call that returned no value keeps it.
  results: ['value'],
  calls: ['execve'],
  name: 'execveClosesOnExec',
  source: 'fs/exec.c:begin_new_exec; fs/file.c:do_close_on_exec',
  holds: ({ before, call, result, after }) => {
    if (call.call !== 'execve' || result.kind !== 'value') return true;
    const old = currentMm(before).fds;
    const fds = currentMm(after).fds;
    let kept = 0;
    for (const [fd, file] of old) {
      if (closeOnExec(before, file)) {
        if (fds.has(fd)) return false;
      } else {
        if (fds.get(fd) !== file) return false;
        kept++;
      }
    }
    // No descriptor appears either.
    return fds.size === kept;
  },
  // A closed descriptor shows only as EBADF from a later call: in words.
  restate: () => ({
    checks: [],
    notes: [
      'execve closes the close-on-exec descriptors (tmpfile, fusefile) and keeps the others (memfd_secret) on the same files',
    ],
  }),
};
