// Every counterexample states what its property demands where a trace can: replayed on the
// model it came from, the last call's expectation or a check at the end fails. The few a trace
// cannot state are listed here with the reason, and their header says so or their comments
// say what no check reads; a new one fails this test until it is stated or listed.

import { describe, expect, it } from 'vitest';
import { checkKernel } from '../../src/check/checkKernel.js';
import { SMALL_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { REGISTERED } from '../../models/registry.js';
import { PLANTED } from '../../models/planted.js';
import { engineOf } from '../../src/kernel/modelEngine.js';
import { judge } from '../../src/trace/judge.js';
import { parse } from '../../src/trace/parser.js';
import { runProgram } from '../../src/trace/runner.js';

/** `model property`: why no observable of a trace reaches what the model broke. */
const UNSTATED: Readonly<Record<string, string>> = {
  'planted:mlockall-limit-late mclFutureClearingConsistent':
    "def_flags' VM_NOHUGEPAGE: no observable reads it",
  'rfc-vm-populate failedLockLeavesPrefix': 'VM_POPULATE: no smaps mnemonic shows it',
  'rfc-vm-populate lockCallsChangeOnlyLockBits': 'VM_POPULATE: no smaps mnemonic shows it',
};

describe('counterexamples state their demands', () => {
  it('fail on replay on their own model, at the last call or a check, but those listed', async () => {
    const unstated: string[] = [];
    let stated = 0;
    const inParent: string[] = [];
    const models = [...new Map([...REGISTERED, ...PLANTED].map((m) => [m.name, m])).values()];
    for (const model of models) {
      const r = await checkKernel(model, SMALL_KERNEL_BOUND, { workers: 1 });
      for (const p of r.properties) {
        const c = p.counterexample;
        if (c === undefined) continue;
        const program = parse(c.trace.text, `${p.name}.mmt`);
        const failed = judge(program, await runProgram(program, engineOf(model))).filter(
          (v) => !v.held,
        );
        const key = `${model.name} ${p.name}`;
        if (failed.length === 0) {
          unstated.push(key);
          continue;
        }
        stated++;
        const lines = c.trace.text.split('\n');
        // Closed by the child's exit: a check of the parent, after the block, fails.
        const parentFails = failed.some((v) => lines[v.line - 1]?.startsWith('check') === true);
        if (lines.includes('fork {') && parentFails) inParent.push(key);
        const lastCall = lines.findLastIndex((l) => /^\s*(\w+ = )?\w+\(.*\) !?= /.test(l)) + 1;
        for (const v of failed)
          expect(
            lines[v.line - 1]?.trimStart().startsWith('check') === true || v.line === lastCall,
            `${key}: line ${v.line} failed\n${c.trace.text}`,
          ).toBe(true);
      }
    }
    expect(unstated.sort()).toEqual(Object.keys(UNSTATED).sort());
    // The demands stated: a count that moves only with the models and properties.
    expect(stated).toBeGreaterThan(100);
    // Those broken in the fork parent, stated after the child's block.
    expect(inParent.sort()).toEqual(
      ['linux-3.8', 'linux-4.3', 'linux-4.4', 'rfc-lockonfault-v6', 'rfc-vm-populate'].map(
        (m) => `${m} lockedVmaPageMlocked`,
      ),
    );
  }, 120_000);
});
