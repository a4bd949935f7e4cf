// `mmspec run-c` on this machine (the guest path is guestProgramBoot.test.ts): a program's
// output and end are reported, TAP totals are picked up, a non-zero exit is status 1, and a
// program that does not compile or an unknown target is one line and status 2.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../runCli.js';

const staticCc =
  spawnSync('sh', ['-c', 'echo "int main(void){return 0;}" | cc -static -x c -o /dev/null -'])
    .status === 0;

const dir = mkdtempSync(join(tmpdir(), 'mmspec-run-c-test-'));
function program(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#include <stdio.h>\nint main(void)\n{\n${body}\n}\n`);
  return path;
}

const cli = (argv: string[]) => runCli(['run-c', ...argv]);

describe.skipIf(!staticCc)('mmspec run-c on the host', () => {
  it('reports each program: output, exit and TAP totals; status 0 when all exit 0', async () => {
    const tap = program(
      'tap.c',
      'printf("TAP version 13\\n1..1\\nok 1 x\\n# Totals: pass:1 fail:0 xfail:0 xpass:0 skip:0 error:0\\n");\nreturn 0;',
    );
    const r = await cli([tap]);
    expect(r.stdout).toMatch(/^# kernel host: uname -r \S+\n/);
    expect(r.stdout).toContain(`# ${tap} on host:\nTAP version 13\n1..1\nok 1 x\n`);
    expect(r.stdout).toContain(`# ${tap} on host: exit 0; TAP pass:1 fail:0`);
    expect(r.stdout).toMatch(/# total: 1 run, 1 exited 0, 0 skipped \(KSFT_SKIP\), 0 did not\n$/);
    expect(r.status).toBe(0);
  });

  it('counts a kselftest that skips everything (KSFT_SKIP, 4) as skipped, not failed', async () => {
    const skips = program(
      'skips.c',
      'printf("TAP version 13\\n1..1\\nok 1 x # SKIP no MADV_POPULATE_READ\\n");\nreturn 4;',
    );
    const r = await cli([skips]);
    expect(r.stdout).toMatch(/# total: 1 run, 0 exited 0, 1 skipped \(KSFT_SKIP\), 0 did not\n$/);
    expect(r.status).toBe(0);
  });

  it('is status 1 when a program exits non-zero, and says how it ended', async () => {
    const differs = program('differs.c', 'printf("does not behave like model m");\nreturn 1;');
    const r = await cli(['--kernel', 'host', differs]);
    expect(r.stdout).toContain('does not behave like model m\n');
    expect(r.stdout).toMatch(/on host: exit 1 \(\d+\.\d s\)\n/);
    expect(r.status).toBe(1);
  });

  it('is one line and status 2 for a program that does not compile with -Wall -Werror', async () => {
    const bad = program('bad.c', 'int unused;\nreturn 0;');
    const r = await cli([bad]);
    expect(r.stderr).toMatch(/^mmspec run-c: compiling .*bad\.c with cc failed:\n.*unused/s);
    expect(r.status).toBe(2);
  });

  it('is one line and status 2 for an unknown kernel target', async () => {
    const ok = program('ok.c', 'return 0;');
    const r = await cli(['--kernel', 'linux-1.0', ok]);
    expect(r.stderr).toMatch(/^mmspec run-c: .*linux-1\.0/);
    expect(r.stderr.trim().split('\n').length).toBe(1);
    expect(r.status).toBe(2);
  });
});

// Said before cc sees the file: cc hands any file not .c to ld, which reads it as a linker script.
describe('mmspec run-c refuses what is no C program', () => {
  it.each([
    [['x.mmt'], 'x.mmt is not a C program: run-c takes .c files', 'mmspec run x.mmt'],
    [['prog'], 'prog is not a C program: run-c takes .c files', ''],
    [[join(dir, 'none.c')], 'none.c: no such file', ''],
  ])('%j: one line, status 2', async (argv, message, hint) => {
    const r = await cli(argv);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(hint);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(2);
  });
});
