// execveClosesOnExec (spec/findings/mutation.md, run 7y of session execve29): holds on
// linux-6.18's own execve with a tmpfile (opened O_CLOEXEC) and a memfd_secret descriptor
// (not), and fails on the descriptor tables a faulty kernel would leave, planted by hand:
// the tmpfile kept, the secretmem descriptor closed, or moved to another file.

import { describe, expect, it } from 'vitest';
import { initialState } from '../../src/kernel/initialState.js';
import type { Mm } from '../../src/kernel/state.js';
import { execveClosesOnExec } from '../../spec/invariants/execveClosesOnExec.js';
import { mmOf, planted, stepOk, transitionOf } from './plantedFaults.js';
import { P } from '../kernel/kit.js';

const MODEL = 'linux-6.18';

describe('execveClosesOnExec', () => {
  const s0 = initialState({ rlimitMemlock: null, capIpcLock: true });
  const tmp = stepOk(MODEL, s0, { call: 'tmpfile', args: [2n * P] });
  const secret = stepOk(MODEL, tmp.s, { call: 'memfd_secret', args: [P] });
  const t = transitionOf(MODEL, secret.s, { call: 'execve', args: [] });
  const tmpFd = Number(tmp.v);
  const secretFd = Number(secret.v);
  const withFds = (f: (fds: Map<number, number>) => void) =>
    planted(t, (mm: Mm) => {
      const fds = new Map(mm.fds);
      f(fds);
      return { ...mm, fds };
    });

  it("linux-6.18 closes the tmpfile's descriptor and keeps memfd_secret's", () => {
    expect(t.result.kind).toBe('value');
    expect(mmOf(t.after).fds.has(tmpFd)).toBe(false);
    expect(mmOf(t.after).fds.get(secretFd)).toBe(mmOf(t.before).fds.get(secretFd));
    expect(execveClosesOnExec.holds(t)).toBe(true);
  });

  it('a close-on-exec descriptor kept is caught', () => {
    const file = mmOf(t.before).fds.get(tmpFd) ?? -1;
    expect(execveClosesOnExec.holds(withFds((fds) => fds.set(tmpFd, file)))).toBe(false);
  });

  it('a descriptor without close-on-exec closed, or on another file, is caught', () => {
    expect(execveClosesOnExec.holds(withFds((fds) => fds.delete(secretFd)))).toBe(false);
    const other = mmOf(t.before).fds.get(tmpFd) ?? -1;
    expect(execveClosesOnExec.holds(withFds((fds) => fds.set(secretFd, other)))).toBe(false);
  });

  it('a descriptor that appears is caught', () => {
    const file = mmOf(t.before).fds.get(secretFd) ?? -1;
    expect(execveClosesOnExec.holds(withFds((fds) => fds.set(secretFd + 1, file)))).toBe(false);
  });
});
