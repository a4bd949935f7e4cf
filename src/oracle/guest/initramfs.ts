// The guest's initramfs, built by mmspec itself: a newc cpio of our init (guest/init.c) and the
// executor (executor.c), both static. Cached under the cache directory, keyed by both binaries,
// so an edited executor or init gives a new archive and an unchanged one costs a stat.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildExecutor } from '../build.js';
import { cpioNewc } from './_internals/cpioNewc.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The init source: next to this module in src/, or found from dist/ through the package root. */
function initSource(): string {
  const beside = join(HERE, 'init.c');
  if (existsSync(beside)) return beside;
  // dist/src/oracle/guest -> src/oracle/guest
  let dir = HERE;
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return join(dir, 'src', 'oracle', 'guest', 'init.c');
}

/** Whether a binary is statically linked: a guest has no libc, only what the cpio holds. */
function isStatic(elf: Buffer): boolean {
  return !elf.includes(Buffer.from('/lib64/ld-linux-x86-64.so.2'));
}

/** The path of the initramfs for the current executor and init, building what is missing. */
export async function buildInitramfs(cacheDir: string): Promise<string> {
  const executorPath = await buildExecutor();
  const initPath = await buildExecutor({
    source: initSource(),
    cacheDir: join(cacheDir, 'guest-init'),
  });
  const [executor, init] = await Promise.all([readFile(executorPath), readFile(initPath)]);
  for (const [name, elf] of [
    ['executor', executor],
    ['init', init],
  ] as const) {
    if (!isStatic(elf))
      throw new Error(
        `the guest's ${name} was linked dynamically (no static libc here); ` +
          `install it: apt-get install libc6-dev`,
      );
  }
  const key = createHash('sha256').update(executor).update(init).digest('hex').slice(0, 16);
  const out = join(cacheDir, `initramfs-${key}.cpio`);
  if (existsSync(out)) return out;
  // /dev/console, so that init has the console (ttyS0) as stdin/out/err before devtmpfs.
  const archive = cpioNewc([
    { name: 'dev', mode: 0o40755 },
    { name: 'dev/console', mode: 0o20600, rdev: [5, 1] },
    { name: 'init', mode: 0o100755, data: init },
    { name: 'executor', mode: 0o100755, data: executor },
  ]);
  await mkdir(cacheDir, { recursive: true });
  await writeFile(`${out}.${process.pid}.tmp`, archive);
  await rename(`${out}.${process.pid}.tmp`, out);
  return out;
}
