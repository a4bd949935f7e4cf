// The environment's failures as explorer choices (issue 14.3): `--bound env=` adds letters only
// when asked, the properties that judge them hold on linux-6.18, and a model that answers a
// failure with the wrong errno is caught with a counterexample that shows the injection.

import { describe, expect, it } from 'vitest';
import { kernelAlphabet } from '../../src/check/alphabet.js';
import { parseBound } from '../../src/check/parseBound.js';
import { DEFAULT_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { parse } from '../../src/trace/parser.js';
import { runCli } from '../runCli.js';

const ENV = 'regions=1,pages=2,depth=2,env=oom+sigbus+retry+noprogress+hwpoison';

describe('--bound env=', () => {
  it('is off by default: the default alphabet has no injected letter', () => {
    expect(kernelAlphabet(DEFAULT_KERNEL_BOUND).some((l) => l.inject !== undefined)).toBe(false);
  });

  it('adds each population letter and access again, failing at each page it faults', () => {
    const plain = parseBound('regions=1,pages=2', DEFAULT_KERNEL_BOUND);
    const env = parseBound('regions=1,pages=2,env=oom+hwpoison', DEFAULT_KERNEL_BOUND);
    const extra = kernelAlphabet(env).filter((l) => l.inject !== undefined);
    expect(kernelAlphabet(env).length - extra.length).toBe(kernelAlphabet(plain).length);
    // mlock(a, 2P) at 2 pages, mlock(a + 1P, 1P) and mlock(a + 1P, 2P) at the region's last,
    // MADV_POPULATE_WRITE at 2, three accesses at theirs (not mlock(a, SIZE_MAX), which does
    // nothing): 9 letters for each of 2 failures.
    expect(extra.length).toBe(18);
    expect(new Set(extra.map((l) => l.inject?.[0]?.fault))).toEqual(
      new Set(['VM_FAULT_OOM', 'VM_FAULT_HWPOISON']),
    );
  });

  it('refuses an unknown failure with the names it knows', () => {
    expect(() => parseBound('env=oom+eio', DEFAULT_KERNEL_BOUND)).toThrow(
      /unknown failure 'eio' \(oom, sigbus, retry, noprogress, hwpoison/,
    );
  });

  it('linux-6.18 keeps every property under the environment', async () => {
    const r = await runCli(['check', '--bound', ENV, '--workers', '1']);
    expect(r.stdout).toMatch(/populateFailsAtInjectedPage: holds/);
    expect(r.stdout).toMatch(/madvise hang \d+/);
    expect(r.status).toBe(0);
  }, 120_000);

  it('the 2021 MADV_POPULATE RFC answers an I/O error with another errno: caught, inject line shown', async () => {
    const bound = 'regions=1,pages=2,depth=2,env=sigbus';
    const prop = ['--prop', 'populateFailsAtInjectedPage', '--workers', '1'];
    const r = await runCli(['check', '--model', 'rfc-madv-populate', '--bound', bound, ...prop]);
    expect(r.stdout).toMatch(/populateFailsAtInjectedPage: VIOLATED/);
    const trace = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('    | '))
      .map((l) => l.slice(6))
      .join('\n');
    expect(trace).toMatch(
      /inject VM_FAULT_SIGBUS at a.*\nmadvise\(a, \dP, MADV_POPULATE_WRITE\) = -1 E(NOMEM|INVAL)/,
    );
    // The counterexample is a trace: it parses back.
    expect(() => parse(trace, '<counterexample>')).not.toThrow();
    expect(r.status).toBe(1);
  }, 120_000);
});
