// Why a guest test cannot run here, or undefined when it can: qemu must be installed, and the
// target's image cached or the Debian archive reachable to fetch it. The guest tests skip with
// this reason rather than fail on a machine without them.

import { execFileSync } from 'node:child_process';
import { mmspecCacheDir } from '../../../src/oracle/targets/cacheDir.js';
import { cachedKernelImage } from '../../../src/oracle/targets/kernelImage.js';
import { parseKernelTarget } from '../../../src/oracle/targets/kernelTargets.js';

function works(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function guestSkipReason(name: string): Promise<string | undefined> {
  if (!works('qemu-system-x86_64', ['--version']))
    return 'qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)';
  const target = parseKernelTarget(name);
  const cached =
    target.kind === 'debian' && (await cachedKernelImage(target, mmspecCacheDir())) !== undefined;
  if (!cached && !works('getent', ['hosts', 'deb.debian.org']))
    return `${name} is not cached and deb.debian.org is unreachable`;
  return undefined;
}
