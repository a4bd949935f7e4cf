// A limit or capability changed mid-trace (issue 14 item 4): setrlimit and capset as the step
// function takes them, and the spec/litmus/midtrace traces held on every version's model that
// ran them on a kernel.
import { readFileSync, readdirSync } from 'node:fs';
import { runTrace } from '../../src/runTrace.js';
import { describe, expect, it } from 'vitest';
import { ANON, P, Proc, RW } from './kit.js';
import {
  CAP_IPC_LOCK,
  RLIMIT_DATA,
  RLIMIT_MEMLOCK,
  RLIM_INFINITY,
} from '../../src/uapi/constants.js';

const DIR = 'spec/litmus/midtrace';

describe('setrlimit', () => {
  it('lowers RLIMIT_MEMLOCK without touching what is locked, and refuses a raise (EPERM)', () => {
    const p = new Proc({ rlimitMemlock: 8n * P, capIpcLock: false });
    const a = p.do('mmap', 0, 8n * P, RW, ANON, -1, 0);
    if (a.kind !== 'value') throw new Error('mmap failed');
    expect(p.do('mlock', a.value, 4n * P)).toEqual({ kind: 'value', value: 0n });
    expect(p.do('setrlimit', RLIMIT_MEMLOCK, 2n * P)).toEqual({ kind: 'value', value: 0n });
    expect(p.state.procs[0]?.rlimitMemlock).toBe(2n * P);
    expect(p.state.procs[0]?.lockedVm).toBe(4);
    expect(p.do('setrlimit', RLIMIT_MEMLOCK, 2n * P + 1n)).toEqual({
      kind: 'errno',
      errno: 'EPERM',
    });
    expect(p.do('setrlimit', RLIMIT_MEMLOCK, RLIM_INFINITY)).toEqual({
      kind: 'errno',
      errno: 'EPERM',
    });
    expect(p.state.procs[0]?.rlimitMemlock).toBe(2n * P);
  });

  it('sets RLIMIT_DATA, and RLIM_INFINITY where it already is', () => {
    const p = new Proc();
    expect(p.do('setrlimit', RLIMIT_DATA, RLIM_INFINITY)).toEqual({ kind: 'value', value: 0n });
    expect(p.state.procs[0]?.rlimitData).toBeUndefined();
    expect(p.do('setrlimit', RLIMIT_DATA, 600n * P)).toEqual({ kind: 'value', value: 0n });
    expect(p.state.procs[0]?.rlimitData).toBe(600n * P);
  });

  it('answers EINVAL for a resource number past RLIM_NLIMITS, before any other check', () => {
    const p = new Proc({ rlimitMemlock: 0n });
    expect(p.do('setrlimit', 16, RLIM_INFINITY)).toEqual({ kind: 'errno', errno: 'EINVAL' });
  });
});

describe('capset', () => {
  it('drops and takes back CAP_IPC_LOCK; the locked pages stay counted', () => {
    const p = new Proc({ rlimitMemlock: 2n * P });
    const a = p.do('mmap', 0, 8n * P, RW, ANON, -1, 0);
    if (a.kind !== 'value') throw new Error('mmap failed');
    p.do('mlock', a.value, 4n * P);
    expect(p.do('capset', CAP_IPC_LOCK, 0)).toEqual({ kind: 'value', value: 0n });
    expect(p.state.procs[0]?.capIpcLock).toBe(false);
    expect(p.state.procs[0]?.lockedVm).toBe(4);
    expect(p.do('mlock', a.value + 4n * P, P)).toEqual({ kind: 'errno', errno: 'ENOMEM' });
    expect(p.do('capset', CAP_IPC_LOCK, 1)).toEqual({ kind: 'value', value: 0n });
    expect(p.do('mlock', a.value + 4n * P, P)).toEqual({ kind: 'value', value: 0n });
  });
});

describe('spec/litmus/midtrace', () => {
  const traces = readdirSync(DIR).filter((n) => n.endsWith('.mmt'));
  it('holds at least four traces', () => expect(traces.length).toBeGreaterThanOrEqual(4));
  for (const name of ['linux-6.18', 'linux-5.10', 'linux-6.1', 'linux-6.12', 'linux-7.3']) {
    it(`every trace holds on ${name}`, async () => {
      for (const file of traces) {
        const run = await runTrace(readFileSync(`${DIR}/${file}`, 'utf8'), { file, model: name });
        const failed = run.verdicts.filter((v) => !v.held);
        expect(failed, file).toEqual([]);
      }
    });
  }
});
