// Program mode's initramfs: the executor's archive (initramfs.ts) followed by a second newc
// archive holding only /programs/0, /programs/1, ... (run in that order). The kernel unpacks concatenated archives one after the other
// (Documentation/driver-api/early-userspace/buffer-format.rst), so the base archive is reused
// byte for byte and init (init.c) finds the programs and runs them instead of the executors.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cpioNewc } from './_internals/cpioNewc.js';
import { ProgramBuildError } from './compileStatic.js';

/** The second archive: the directory /programs and the programs in it, executable. */
export function programArchive(programs: readonly Uint8Array[]): Buffer {
  return cpioNewc([
    { name: 'programs', mode: 0o40755 },
    ...programs.map((data, i) => ({ name: `programs/${i}`, mode: 0o100755, data })),
  ]);
}

/** Whether an ELF binary needs the dynamic loader, which the guest does not have. */
export function isDynamic(elf: Uint8Array): boolean {
  return Buffer.from(elf).includes(Buffer.from('/lib64/ld-linux-x86-64.so.2'));
}

/**
 * The path of `base` followed by an archive of `programs`, cached under `cacheDir/programs` by
 * the hash of all of them (a rerun of the same reproducers costs a stat).
 */
export async function programInitramfs(
  cacheDir: string,
  base: string,
  programs: readonly Uint8Array[],
): Promise<string> {
  if (programs.length === 0) throw new Error('programInitramfs: no program');
  if (programs.some(isDynamic))
    throw new ProgramBuildError(
      'the guest has no libc: build the program with -static (apt-get install libc6-dev)',
    );
  const baseBytes = await readFile(base);
  const hash = createHash('sha256').update(baseBytes);
  for (const p of programs) hash.update(String(p.length)).update('\0').update(p);
  const key = hash.digest('hex').slice(0, 16);
  const dir = join(cacheDir, 'programs');
  const out = join(dir, `initramfs-${key}.cpio`);
  if (existsSync(out)) return out;
  await mkdir(dir, { recursive: true });
  await writeFile(
    `${out}.${process.pid}.tmp`,
    Buffer.concat([baseBytes, programArchive(programs)]),
  );
  await rename(`${out}.${process.pid}.tmp`, out);
  return out;
}
