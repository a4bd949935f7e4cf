// The working copy of a step (src/kernel/tx.ts): commit hands back the very start state when
// the step changed nothing, and a new state when it changed any field of the process.

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import { MM_FIELDS, Tx } from '../../src/kernel/tx.js';
import { getModel } from '../../models/registry.js';

const model = getModel('linux-6.18');
const start = () => initialState({ rlimitMemlock: null, capIpcLock: true });

describe('Tx.commit', () => {
  it('returns the start state when nothing changed', () => {
    const s = start();
    expect(new Tx(model, s).commit()).toBe(s);
  });

  it.each(MM_FIELDS)('sees a change of mm.%s', (field) => {
    const s = start();
    const tx = new Tx(model, s);
    // A fresh object equals no value of the start state, whatever the field's type.
    (tx.mm as Record<string, unknown>)[field] = {};
    const after = tx.commit();
    expect(after).not.toBe(s);
    expect(after.procs.length).toBe(s.procs.length);
  });
});
