// The escapes of issue 18 on this machine's kernel: each is refused before it runs, or
// contained by the cgroup around the trace; Mlocked and the processes come back to baseline.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildExecutor } from '../../src/oracle/build.js';
import { kernelEngine } from '../../src/oracle/kernelEngine.js';
import { ExecutorProcess } from '../../src/oracle/_internals/executorProcess.js';
import { LEAK_KB } from '../../src/oracle/stress/budgetStress.js';
import { leftoverProcesses, mlockedKb } from '../../src/oracle/stress/hostResidue.js';
import { BUDGET_LIMITS } from '../../src/trace/budget/budgetLimits.js';
import { FORKS_COW, FORKS_MLOCKALL, GROWSDOWN_TEN, deepForks } from '../trace/budget/escapes.js';
import { P, PROT_RW, SKIP_REASON, kernelTestsSkipped, value } from './kernelTestKit.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIR = mkdtempSync(join(tmpdir(), 'mmspec-budget-'));

function traceFile(name: string, text: string): string {
  const file = join(DIR, name);
  writeFileSync(file, text);
  return file;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether a process has a child running the executor (/proc, CONFIG_PROC_CHILDREN). */
function hasExecutorChild(pid: number): boolean {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ');
    return children.some(
      (c) => c !== '' && readFileSync(`/proc/${c}/comm`, 'utf8').startsWith('executor'),
    );
  } catch {
    return false;
  }
}

/** The CLI in a child process, without blocking this worker (vitest talks to it meanwhile). */
function mmspec(
  ...args: string[]
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('node', ['bin/mmspec.js', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const guard = setTimeout(() => child.kill('SIGKILL'), 120_000); // a hang, not a speed
    child.on('exit', (status) => {
      clearTimeout(guard);
      resolve({ status, stdout, stderr });
    });
  });
}

describe.skipIf(kernelTestsSkipped)(`the safety budget on the real kernel${SKIP_REASON}`, () => {
  it.each([
    ['16 MiB then five nested forks with mlockall', FORKS_MLOCKALL, /fork child that inherits/],
    ['copy-on-write in those children', FORKS_COW, /fork child that inherits/],
    ['ten MAP_GROWSDOWN mappings grown 2000 pages, mlockall', GROWSDOWN_TEN, /MAP_GROWSDOWN/],
    ['a thousand nested forks', deepForks(1000), /fork blocks nest 9 deep/],
  ])('refuses %s before it runs, leaving Mlocked as it was', async (name, text, why) => {
    const before = await mlockedKb();
    const r = await mmspec('run', '--kernel', traceFile(`${name.length}.mmt`, text));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).toMatch(/^\S+\.mmt:\d+:\d+: error: /);
    expect((await mlockedKb()) - before).toBeLessThan(LEAK_KB);
  });

  it('run --compare of a check the kernel side refuses ends on both sides (it used to hang)', async () => {
    const file = traceFile(
      'hang.mmt',
      'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\ncheck pages(a, a) = "...."\n',
    );
    const r = await mmspec('run', '--compare', file);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/UNSUPPORTED on the kernel at line 2: pages\(\) over/);
    expect(r.stdout).toMatch(/UNSUPPORTED on the model at line 2: pages\(\) over/);
  });

  it('runs mmap(NULL, ..., MAP_FIXED) at address 0 on both sides, never at a region spot', async () => {
    const file = traceFile(
      'fixed.mmt',
      'a = mmap(NULL, 1P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0)\n',
    );
    const r = await mmspec('run', '--compare', file);
    // Root holds CAP_SYS_RAWIO, so security_mmap_addr lets it map page 0 (vm.mmap_min_addr).
    expect(r.stdout).toMatch(/# kernel 0x0 \(an address\) \| model 0x0 \(an address\)/);
    expect(r.stdout).toMatch(/0 differences/);
  });

  it.each(['--kernel', '--compare'])(
    'SIGTERM of run %s prints what ran and where it stopped, exit 143',
    async (mode) => {
      const lines = ['a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)'];
      for (let i = 0; i < 30_000; i++) lines.push('write(a)', 'check VmLck = 0');
      const file = traceFile('long.mmt', `${lines.join('\n')}\n`);
      const child = spawn('node', ['bin/mmspec.js', 'run', mode, file], { cwd: ROOT });
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      // Signalled once the trace runs: its executor is there (a loaded machine is slow to start).
      while (child.exitCode === null && !hasExecutorChild(child.pid ?? 0)) await sleep(100);
      await sleep(500);
      child.kill('SIGTERM');
      expect(await exited).toBe(143);
      expect(stdout).toMatch(
        /# UNSUPPORTED (on the kernel )?at line \d+: interrupted by SIGTERM (while this statement ran|before this statement)/,
      );
      if (mode === '--compare') {
        expect(stdout).toMatch(
          /UNSUPPORTED on the model at line \d+: not run: the kernel side was interrupted here/,
        );
        expect(stdout).toMatch(
          /# total: 1 trace, \d+ held, 0 failed, 1 could not run, 0 differences/,
        );
      } else {
        expect(stdout).toMatch(/could not run to the end/);
      }
    },
    180_000,
  );
});

describe.skipIf(kernelTestsSkipped)(`containment of a trace by its cgroup${SKIP_REASON}`, () => {
  const engine = kernelEngine();
  afterAll(() => engine.close());

  it('RLIMIT_STACK of a trace process bounds MAP_GROWSDOWN growth at 8 MiB', async () => {
    const s = await engine.start({ rlimitMemlock: null, capIpcLock: true });
    const g = await value(s, {
      call: 'mmap',
      args: [0x2000_0000_0000n, P, PROT_RW, 0x122n, (1n << 64n) - 1n, 0n],
    });
    expect(await s.call({ call: 'write', args: [g - 2040n * P] })).toEqual({
      kind: 'value',
      value: 0n,
    });
    expect(await s.call({ call: 'write', args: [g - 2060n * P] })).toEqual({
      kind: 'signal',
      signal: 'SIGSEGV',
    });
    await s.close();
  });

  it('kills a trace that populates past the memory limit, refuses forks past pids.max', async () => {
    const { executor, hello } = await ExecutorProcess.spawn(
      await buildExecutor(),
      ['--cgroup', (96n << 20n).toString(16), BUDGET_LIMITS.cgroupPids.toString(16)],
      30_000,
    );
    try {
      if (hello.cgroup === null) return; // no writable cgroup here: the budget stands alone
      // Straight to the executor, past the driver's budget: 256 MiB, MAP_POPULATE|MAP_LOCKED.
      expect(await executor.request('start - 1 3c')).toMatchObject({ kind: 'ok' });
      const big = `call 9 0 ${(256n << 20n).toString(16)} 3 a022 ffffffffffffffff 0`;
      const dead = await executor.request(big);
      expect(dead).toEqual({ kind: 'dead', status: 9 }); // SIGKILL by the memcg OOM killer
      expect(await executor.request('start - 1 3c')).toMatchObject({ kind: 'ok' });
      const replies = [];
      for (let i = 0; i < BUDGET_LIMITS.cgroupPids; i++)
        replies.push(await executor.request('fork'));
      expect(replies.slice(0, BUDGET_LIMITS.cgroupPids - 1)).toEqual(
        Array(BUDGET_LIMITS.cgroupPids - 1).fill({ kind: 'ok', values: [] }),
      );
      expect(replies.at(-1)).toEqual({ kind: 'err', errno: 11 }); // EAGAIN
      expect(await executor.request('end')).toEqual({ kind: 'ok', values: [] });
      expect(leftoverProcesses()).toEqual([]);
    } finally {
      await executor.close();
    }
  }, 60_000);
});
