// VmData (issue 14): data_vm over the trace's regions, read off a model state as the executor
// reads /proc/self/status less the program's own data mappings; and the spec/litmus/rlimit
// traces, which check it, held on every version's model that ran them on a kernel.
import { readFileSync, readdirSync } from 'node:fs';
import { runTrace } from '../../src/runTrace.js';
import { describe, expect, it } from 'vitest';
import { A, ANON, B, P, Proc, RW } from './kit.js';
import { observe } from '../../src/kernel/observe.js';
import { OTHER_DATA_PAGES, dataVmOf } from '../../src/kernel/dataLimit.js';
import * as U from '../../src/uapi/constants.js';

const DIR = 'spec/litmus/rlimit';

/** VmData in pages, with the mappings named in `bound` bound by the trace. */
function vmData(p: Proc, bound: readonly string[] = []): number {
  const o = observe(p.state, { kind: 'VmData' }, new Set(bound));
  return o.kind === 'VmData' ? Number(o.bytes / P) : -1;
}

describe('VmData on a model', () => {
  it('starts at 0: the program data and the unbound [heap] are the program’s own', () => {
    const p = new Proc();
    const mm = p.state.procs[0];
    if (mm === undefined) throw new Error('no process');
    expect(dataVmOf(mm)).toBeGreaterThan(OTHER_DATA_PAGES);
    expect(vmData(p)).toBe(0);
  });

  it('counts private writable mappings only, as mprotect and munmap change them', () => {
    const p = new Proc();
    p.anon(A, 8);
    p.do('mmap', B, 4n * P, RW, BigInt(U.MAP_SHARED | U.MAP_ANONYMOUS), -1n, 0n);
    expect(vmData(p)).toBe(8);
    p.do('mprotect', A, 2n * P, BigInt(U.PROT_READ));
    expect(vmData(p)).toBe(6);
    p.do('munmap', A + 6n * P, 2n * P);
    expect(vmData(p)).toBe(4);
    p.anon(A + 16n * P, 4, U.MAP_GROWSDOWN);
    expect(vmData(p)).toBe(4);
  });

  it('counts brk growth as the trace’s, and the heap itself once the trace binds it', () => {
    const p = new Proc();
    const brk = p.do('brk', 0);
    if (brk.kind !== 'value') throw new Error('brk failed');
    p.do('brk', brk.value + 4n * P);
    // The growth is a VMA of its own (the heap's anon_vma came through fork, initialState.ts),
    // as the executor counts a growth past the heap it recorded.
    expect(vmData(p)).toBe(4);
    p.existing('[heap]');
    expect(vmData(p, ['[heap]'])).toBeGreaterThan(4);
  });

  it('is the parent’s in a fork child, and 0 in the new image of an execve', () => {
    const p = new Proc();
    p.do('mmap', A, 4n * P, RW, ANON, -1n, 0n);
    p.do('fork');
    expect(vmData(p)).toBe(4);
    p.do('exit');
    p.do('execve');
    expect(vmData(p)).toBe(0);
  });
});

describe('spec/litmus/rlimit', () => {
  const traces = readdirSync(DIR).filter((n) => n.endsWith('.mmt'));
  it('holds the VmData traces', () =>
    expect(traces.filter((n) => n.includes('VmData')).length).toBeGreaterThanOrEqual(2));
  for (const name of ['linux-6.18', 'linux-5.10', 'linux-6.1', 'linux-6.12', 'linux-7.3']) {
    it(`every trace holds on ${name}`, async () => {
      for (const file of traces) {
        const run = await runTrace(readFileSync(`${DIR}/${file}`, 'utf8'), { file, model: name });
        const failed = run.verdicts.filter((v) => !v.held);
        expect(failed, file).toEqual([]);
        expect(run.outcome.unsupported, file).toEqual([]);
      }
    });
  }
});
