import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectedFor, judgeDifferences } from '../../src/conform/expectedDifferences.js';
import { DEBIAN_KERNELS } from '../../src/oracle/targets/kernelTargets.js';

const FILE = 'spec/kernels/expected-differences.json';

describe('expected differences of a kernel target', () => {
  it('are listed for every Debian target and the host, against linux-6.18, naming real traces', () => {
    const text = readFileSync(FILE, 'utf8');
    for (const target of ['host', ...DEBIAN_KERNELS.map((k) => k.target)]) {
      const listed = expectedFor(text, FILE, target, 'linux-6.18');
      for (const name of listed)
        expect(() => readFileSync(`spec/litmus/${name}`), name).not.toThrow();
    }
    expect(expectedFor(text, FILE, 'host', 'linux-6.18').size).toBe(0);
  });

  it('tell a new difference and a vanished one apart, by trace name', () => {
    const expected = new Set(['a.mmt', 'b.mmt']);
    const ran = ['spec/litmus/a.mmt', 'spec/litmus/b.mmt', 'spec/litmus/c.mmt'];
    expect(judgeDifferences(expected, ['spec/litmus/a.mmt', 'spec/litmus/b.mmt'], ran)).toEqual({
      unexpected: [],
      vanished: [],
    });
    expect(judgeDifferences(expected, ['spec/litmus/c.mmt', 'spec/litmus/a.mmt'], ran)).toEqual({
      unexpected: ['c.mmt'],
      vanished: ['b.mmt'],
    });
    // a listed trace that was not run this time has not vanished
    expect(judgeDifferences(expected, ['x/a.mmt'], ['x/a.mmt'])).toEqual({
      unexpected: [],
      vanished: [],
    });
  });

  it('refuse a file for another model or without the target', () => {
    const text = JSON.stringify({
      model: 'linux-6.18',
      targets: { 'linux-6.1': { differing: [] } },
    });
    expect(() => expectedFor(text, 'f.json', 'linux-6.1', 'linux-6.1')).toThrow(/not linux-6\.1/);
    expect(() => expectedFor(text, 'f.json', 'linux-7.3', 'linux-6.18')).toThrow(
      /no list for kernel target linux-7\.3/,
    );
    expect(() => expectedFor('{', 'f.json', 'linux-7.3', 'linux-6.18')).toThrow(
      /f\.json: not JSON/,
    );
  });
});
