import { describe, expect, it } from 'vitest';
import { splitKernelOption } from '../../src/cli/run.js';
import { main } from '../../src/cli/main.js';
import { KernelEngineUnavailable } from '../../src/cli/_internals/kernelEngineLoader.js';
import { behaviourChanges, type HistoryRow } from '../../src/conform/history.js';

describe('run --kernel [TARGET]', () => {
  it('takes a target name as the target and a trace path back as a file', () => {
    expect(splitKernelOption(['b.mmt'], 'linux-6.1')).toEqual({
      files: ['b.mmt'],
      target: 'linux-6.1',
    });
    expect(splitKernelOption(['b.mmt'], '6.12')).toEqual({ files: ['b.mmt'], target: '6.12' });
    expect(splitKernelOption(['b.mmt'], 'host')).toEqual({ files: ['b.mmt'], target: 'host' });
    expect(splitKernelOption([], 'spec/litmus/a.mmt')).toEqual({
      files: ['spec/litmus/a.mmt'],
      target: undefined,
    });
    expect(splitKernelOption(['b.mmt'], 'a.mmt')).toEqual({
      files: ['a.mmt', 'b.mmt'],
      target: undefined,
    });
    expect(splitKernelOption(['b.mmt'], true)).toEqual({ files: ['b.mmt'], target: undefined });
    // not a path and not a known name: left to the target parser, which names the valid ones
    expect(splitKernelOption(['b.mmt'], 'linux-next')).toEqual({
      files: ['b.mmt'],
      target: 'linux-next',
    });
  });

  it('hands the target to the engine source, and reports an unknown one with exit 2', async () => {
    const asked: (string | undefined)[] = [];
    const err: string[] = [];
    const status = await main(['run', '--kernel', 'linux-9.9', 'a.mmt'], {
      stdout: { write: () => undefined },
      stderr: { write: (s: string) => err.push(s) },
      readFile: () =>
        Promise.resolve('a = mmap(NULL, 1P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n'),
      engines: {
        kernel: (target) => {
          asked.push(target);
          return Promise.reject(
            new KernelEngineUnavailable(`unknown kernel target '${target ?? ''}'`),
          );
        },
      },
    });
    expect(status).toBe(2);
    expect(asked).toEqual(['linux-9.9']);
    expect(err.join('')).toMatch(/unknown kernel target 'linux-9\.9'/);
  });

  it('without files is misuse, exit 2', async () => {
    const err: string[] = [];
    const status = await main(['run', '--kernel', 'linux-6.1'], {
      stdout: { write: () => undefined },
      stderr: { write: (s: string) => err.push(s) },
    });
    expect(status).toBe(2);
    expect(err.join('')).toMatch(/missing required argument 'files'/);
  });
});

describe('history: where the behaviour changed', () => {
  const row = (
    label: string,
    signature: string,
    kind: 'kernel' | 'model' = 'kernel',
  ): HistoryRow => ({
    label,
    kind,
    engine: label,
    status: 'pass',
    signature,
    seconds: 0,
  });

  it('names consecutive kernels whose values differ, with the first differing line', () => {
    const changes = behaviourChanges([
      row('model linux-6.18', '3:0|5:"LL"', 'model'),
      row('linux-5.10', '3:0|5:"L."'),
      row('linux-6.1', '3:0|5:"L."'),
      row('linux-6.12', '3:0|5:"LL"'),
      { ...row('linux-6.16', ''), status: 'could not run' },
      row('linux-6.18', '3:0|5:"LL"'),
      row('linux-7.3', '3:-1 EINVAL|5:"LL"'),
    ]);
    expect(changes).toEqual([
      { from: 'linux-6.1', to: 'linux-6.12', line: 5 },
      { from: 'linux-6.18', to: 'linux-7.3', line: 3 },
    ]);
  });
});
