// Program mode without a guest: the initramfs that carries a program (the executor's archive,
// byte for byte, then a second archive of /program), and how the serial output is split into
// the program's output and its end.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cpioNewc } from '../../../src/oracle/guest/_internals/cpioNewc.js';
import { parseProgramOutputs } from '../../../src/oracle/guest/guestProgram.js';
import {
  isDynamic,
  programArchive,
  programInitramfs,
} from '../../../src/oracle/guest/programInitramfs.js';

const dir = mkdtempSync(join(tmpdir(), 'mmspec-program-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('programInitramfs', () => {
  const base = cpioNewc([{ name: 'init', mode: 0o100755, data: Buffer.from('init bytes') }]);
  const basePath = join(dir, 'base.cpio');
  writeFileSync(basePath, base);
  const program = Buffer.from('\x7fELF static program, odd length');

  it('is the base archive unchanged, then an archive of /programs holding the program as /programs/0', async () => {
    const path = await programInitramfs(dir, basePath, [program]);
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, base.length).equals(base)).toBe(true);
    const second = bytes.subarray(base.length);
    expect(second.equals(programArchive([program]))).toBe(true);
    expect(second.toString('ascii', 0, 6)).toBe('070701');
    // the directory first: mode field (second of thirteen), name after the 110-byte header
    expect(parseInt(second.toString('ascii', 14, 22), 16)).toBe(0o40755);
    expect(second.toString('ascii', 110, 119)).toBe('programs\0');
    expect(second.includes(Buffer.from('programs/0\0'))).toBe(true);
    expect(second.includes(Buffer.from('programs/1\0'))).toBe(false);
    expect(second.includes(program)).toBe(true);
    expect(second.toString('ascii').includes('TRAILER!!!')).toBe(true);
  });

  it('is cached by content: the same program gives the same file, another one a new file', async () => {
    const a = await programInitramfs(dir, basePath, [program]);
    expect(await programInitramfs(dir, basePath, [program])).toBe(a);
    expect(await programInitramfs(dir, basePath, [program, Buffer.from('\x7fELF other')])).not.toBe(
      a,
    );
  });

  it('refuses a dynamically linked program: the guest has no loader', async () => {
    const dynamic = Buffer.from('\x7fELF ... /lib64/ld-linux-x86-64.so.2 ...');
    expect(isDynamic(dynamic)).toBe(true);
    await expect(programInitramfs(dir, basePath, [program, dynamic])).rejects.toThrow(/-static/);
  });
});

describe('parseProgramOutputs', () => {
  it('waits for the end line', () => {
    expect(parseProgramOutputs('TAP version 13\nok 1 x\n')).toEqual([]);
    expect(parseProgramOutputs('ok 1\n@mmspec-program exit=0')).toEqual([]);
  });

  it('splits the output from the exit status, removing only the newline init adds', () => {
    expect(parseProgramOutputs('TAP version 13\nok 1 x\n\n@mmspec-program exit=0\n')).toEqual([
      { output: 'TAP version 13\nok 1 x\n', end: { exit: 0 } },
    ]);
    expect(parseProgramOutputs('no newline at the end\n@mmspec-program exit=3\n')).toEqual([
      { output: 'no newline at the end', end: { exit: 3 } },
    ]);
  });

  it('splits the outputs of programs run one after the other, one killed by a signal', () => {
    expect(
      parseProgramOutputs(
        'first\n\n@mmspec-program exit=1\n\n@mmspec-program signal=11\nthird\n\n@mmspec-program exit=0\npartial',
      ),
    ).toEqual([
      { output: 'first\n', end: { exit: 1 } },
      { output: '', end: { signal: 11 } },
      { output: 'third\n', end: { exit: 0 } },
    ]);
  });
});
