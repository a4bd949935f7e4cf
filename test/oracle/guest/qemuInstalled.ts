// Whether qemu-system-x86_64 runs here: the guest tests skip, with the reason, where it does not.

import { execFileSync } from 'node:child_process';

export function qemuInstalled(): boolean {
  try {
    execFileSync('qemu-system-x86_64', ['--version']);
    return true;
  } catch {
    return false;
  }
}
