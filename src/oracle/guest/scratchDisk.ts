// The guest's scratch disk: an empty ext4 image made once with mkfs.ext4 (e2fsprogs) and cached;
// each guest writes to a throw-away overlay (qemu snapshot=on), so one image serves every boot.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { GuestBootError } from './qemuGuest.js';

export const SCRATCH_SIZE = '64M';

export async function scratchDisk(cacheDir: string): Promise<string> {
  const out = join(cacheDir, `scratch-${SCRATCH_SIZE}.ext4`);
  if (existsSync(out)) return out;
  await mkdir(cacheDir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  await new Promise<void>((resolve, reject) =>
    execFile('mkfs.ext4', ['-q', '-F', tmp, SCRATCH_SIZE], (error) => {
      if (error === null) resolve();
      else if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        reject(
          new GuestBootError('mkfs.ext4 is not installed; install it: apt-get install e2fsprogs'),
        );
      else reject(new GuestBootError(`mkfs.ext4 ${tmp}: ${error.message}`));
    }),
  ).catch(async (e: unknown) => {
    await rm(tmp, { force: true });
    throw e;
  });
  await rename(tmp, out);
  return out;
}
