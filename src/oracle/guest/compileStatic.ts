// Builds a self-contained C program (an `--emit-c` reproducer, a table's kselftest) for a
// guest: static, since the guest's initramfs has no libc, and with the flags the host flow
// uses (-Wall -Werror), so what compiles here compiles there.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The program cannot be built for a guest; the message says why (the compiler's words). */
export class ProgramBuildError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ProgramBuildError';
  }
}

export const PROGRAM_CFLAGS: readonly string[] = ['-Wall', '-Werror', '-O2', '-static'];

/** Compiles `source` into `out`; the error's message is the compiler's own. */
export async function compileStatic(source: string, out: string, compiler = 'cc'): Promise<string> {
  try {
    await run(compiler, [...PROGRAM_CFLAGS, '-o', out, source]);
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT')
      throw new ProgramBuildError(
        `'${compiler}' was not found; install one: apt-get install gcc libc6-dev`,
        {
          cause: error,
        },
      );
    throw new ProgramBuildError(
      `compiling ${source} with ${compiler} failed:\n${e.stderr ?? e.message}`,
      {
        cause: error,
      },
    );
  }
  return out;
}
