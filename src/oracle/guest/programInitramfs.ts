// Program mode's initramfs: the executor's archive (initramfs.ts) followed by a second newc
// archive holding only /program. The kernel unpacks concatenated archives one after the other
// (Documentation/driver-api/early-userspace/buffer-format.rst), so the base archive is reused
// byte for byte and init (init.c) finds /program and runs it instead of the executors.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cpioNewc } from './_internals/cpioNewc.js';
import { ProgramBuildError } from './compileStatic.js';

/** The second archive: /program, executable. */
export function programArchive(program: Uint8Array): Buffer {
  return cpioNewc([{ name: 'program', mode: 0o100755, data: program }]);
}

/** Whether an ELF binary needs the dynamic loader, which the guest does not have. */
export function isDynamic(elf: Uint8Array): boolean {
  return Buffer.from(elf).includes(Buffer.from('/lib64/ld-linux-x86-64.so.2'));
}

/**
 * The path of `base` followed by an archive of `program`, cached under `cacheDir/programs` by the
 * hash of both (a rerun of the same reproducer costs a stat).
 */
export async function programInitramfs(
  cacheDir: string,
  base: string,
  program: Uint8Array,
): Promise<string> {
  if (isDynamic(program))
    throw new ProgramBuildError(
      'the guest has no libc: build the program with -static (apt-get install libc6-dev)',
    );
  const baseBytes = await readFile(base);
  const key = createHash('sha256').update(baseBytes).update(program).digest('hex').slice(0, 16);
  const dir = join(cacheDir, 'programs');
  const out = join(dir, `initramfs-${key}.cpio`);
  if (existsSync(out)) return out;
  await mkdir(dir, { recursive: true });
  await writeFile(`${out}.${process.pid}.tmp`, Buffer.concat([baseBytes, programArchive(program)]));
  await rename(`${out}.${process.pid}.tmp`, out);
  return out;
}
