// Compiles the executor (executor.c) with the system C compiler on first use, into a cache
// keyed by a hash of the source, the local headers it includes (observables.h), the compiler
// and the flags, so an edited source or header rebuilds and an unchanged one costs a stat.
// Static first: a static binary has no ld.so or libc mappings, so the executor's own part of
// the address space stays small and fixed.

import { execFile } from 'node:child_process';
import { createHash, type Hash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { packageRoot } from '../package/packageRoot.js';

export interface BuildOptions {
  /** The C source; default: src/oracle/executor.c of this package. */
  readonly source?: string;
  /** Where binaries are kept; default: `.cache/oracle/` at the package root. */
  readonly cacheDir?: string;
  /** The C compiler; default `cc`. */
  readonly compiler?: string;
}

/** The flags every build uses (style.md: warnings are errors). */
export const EXECUTOR_CFLAGS: readonly string[] = ['-Wall', '-Wextra', '-Werror', '-O2'];

/** Thrown when the executor cannot be built; the message says what to install or fix. */
export class ExecutorBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExecutorBuildError';
  }
}

/**
 * Feeds the files `text` includes with `#include "NAME"` (found beside `dir`, as cc finds
 * them) into the hash, each once, recursively; a missing one hashes as missing and is left
 * for the compiler to report.
 */
async function hashLocalIncludes(
  hash: Hash,
  text: string,
  dir: string,
  seen: Set<string>,
): Promise<void> {
  for (const m of text.matchAll(/^[ \t]*#[ \t]*include[ \t]*"([^"]+)"/gm)) {
    const path = join(dir, m[1] ?? '');
    if (seen.has(path)) continue;
    seen.add(path);
    const included = await readFile(path, 'utf8').catch(() => null);
    hash.update(`\0${m[1] ?? ''}\0`).update(included ?? '(missing)');
    if (included !== null) await hashLocalIncludes(hash, included, dirname(path), seen);
  }
}

function run(cmd: string, args: readonly string[]): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        resolve({ ok: false, output: 'ENOENT' });
      } else {
        resolve({ ok: error === null, output: `${stdout}${stderr}` });
      }
    });
  });
}

/** Compiles to a temporary name, then renames, so concurrent builds never see half a file. */
async function compile(compiler: string, source: string, out: string): Promise<void> {
  const tmp = `${out}.${process.pid}.${Date.now()}.tmp`;
  let result = await run(compiler, [...EXECUTOR_CFLAGS, '-static', '-o', tmp, source]);
  if (result.output === 'ENOENT') {
    throw new ExecutorBuildError(
      `the real-kernel executor needs a C compiler, and '${compiler}' was not found; ` +
        `install one (Debian/Ubuntu: apt-get install gcc)`,
    );
  }
  // No static libc (libc.a) installed: a dynamic binary works as well, with more mappings.
  if (!result.ok) result = await run(compiler, [...EXECUTOR_CFLAGS, '-o', tmp, source]);
  if (!result.ok) {
    await rm(tmp, { force: true });
    throw new ExecutorBuildError(`compiling ${source} with ${compiler} failed:\n${result.output}`);
  }
  await rename(tmp, out);
}

function rootOrThrow(): string {
  try {
    return packageRoot();
  } catch (error) {
    throw new ExecutorBuildError(`buildExecutor: ${(error as Error).message}`);
  }
}

/** The path of a built executor for the current source, building it if needed. */
export async function buildExecutor(options: BuildOptions = {}): Promise<string> {
  const root = options.source === undefined || options.cacheDir === undefined ? rootOrThrow() : '';
  const source = options.source ?? join(root, 'src', 'oracle', 'executor.c');
  const cacheDir = options.cacheDir ?? join(root, '.cache', 'oracle');
  const compiler = options.compiler ?? 'cc';
  const text = await readFile(source).catch(() => {
    throw new ExecutorBuildError(`buildExecutor: cannot read the executor source ${source}`);
  });
  const hash = createHash('sha256').update(text);
  await hashLocalIncludes(hash, text.toString('utf8'), dirname(source), new Set());
  const key = hash
    .update('\0')
    .update([compiler, ...EXECUTOR_CFLAGS].join(' '))
    .digest('hex')
    .slice(0, 16);
  const out = join(cacheDir, `executor-${key}`);
  if (existsSync(out)) return out;
  await mkdir(cacheDir, { recursive: true });
  await compile(compiler, source, out);
  return out;
}
