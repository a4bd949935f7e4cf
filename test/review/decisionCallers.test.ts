// The flag-flow section's "reached by" comes from a reading of src/kernel: a helper whose name
// is also a local (a callback parameter `visit`, a variable `start`) or a helper of another file
// must not make every call seem to reach every decision point. The population decision is
// reached by the calls that populate, and by nothing that only unmaps, forks or reads.

import { describe, expect, it } from 'vitest';
import { tsMorph } from '../../models/tsMorph.js';
import { decisionCallers, decisionCallersIn } from '../../src/review/decisionCallers.js';

describe('decisionCallers', () => {
  it('populateGupFlags: the populating calls and no others', () => {
    const calls = decisionCallers().get('populateGupFlags') ?? [];
    expect(calls).toEqual(expect.arrayContaining(['mlock', 'mlockall', 'mmap', 'madvise']));
    for (const never of ['munmap', 'fork', 'exit', 'munlock', 'munlockall', 'read'])
      expect(calls).not.toContain(never);
  });

  it("step's dispatch: a decision read under one case is reached by that call alone", () => {
    expect(decisionCallers().get('secretmemEnabled')).toEqual(['memfd_secret']);
    expect(decisionCallers().get('callsNotBuilt')).toEqual(expect.arrayContaining(['brk', 'mmap']));
  });

  it('two functions of one name: each joins only the paths that call it', () => {
    const project = new (tsMorph().Project)({ useInMemoryFileSystem: true });
    project.createSourceFile(
      '/k/mmap.ts',
      `import { helper as other } from './munmap.js';
       function helper(tx: any) { return tx.model.decisions.populateGupFlags; }
       export function sysMmap(tx: any) { return helper(tx); }
       export function unrelated(tx: any) { return other(tx); }`,
    );
    project.createSourceFile(
      '/k/munmap.ts',
      `export function helper(tx: any) { return tx.model.decisions.unmapOrder; }
       export function sysMunmap(tx: any) {
         const visit = (helper: number) => helper + 1;
         return visit(helper(tx));
       }
       export function sysMlock(tx: any) { const helper = 1; return helper + tx; }`,
    );
    const callers = decisionCallersIn(project);
    expect(callers.get('populateGupFlags')).toEqual(['mmap']);
    expect(callers.get('unmapOrder')).toEqual(['munmap']);
  });
});
