// A directory a command writes its files into (`check --emit-c DIR`, `table --write DIR`),
// made before the work that fills it: a directory that cannot be made is misuse, said at
// once, rather than an error after a long search that loses its report.

import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Misuse } from './misuse.js';

/**
 * Makes `dir` and its missing parents one level at a time. Node's recursive mkdir loops for
 * ever on some paths (`/proc/nope`: ENOENT for each try), so it is not used.
 */
export async function outputDirectory(option: string, dir: string): Promise<void> {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    const found = await stat(at).catch(() => undefined);
    if (found !== undefined) {
      if (!found.isDirectory())
        throw new Misuse(`--${option}: cannot make ${dir}: ${at} is not a directory`);
      break;
    }
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const d of missing) {
    try {
      await mkdir(d);
    } catch (error) {
      const code = error instanceof Error && 'code' in error ? String(error.code) : 'an error';
      if (code !== 'EEXIST') throw new Misuse(`--${option}: cannot make ${dir} (${code} at ${d})`);
    }
  }
  // A directory that exists but cannot be written to fails the same way, before the work.
  try {
    await access(dir, constants.W_OK);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'an error';
    throw new Misuse(`--${option}: cannot write to ${dir} (${code})`);
  }
}
