// The composed statechart on its own: the transitions that couple def_flags and the regions.

import { describe, expect, it } from 'vitest';
import { getNextSnapshot } from 'xstate';
import { createMmMachine } from '../../../spec/machines/mmMachine.js';
import {
  MUNLOCKALL,
  accessEvent,
  mlockallEvent,
  mmapEvent,
  regionEvent,
} from '../../../spec/machines/mmEvent.js';
import type { MmEvent } from '../../../spec/machines/mmEvent.js';
import { snapshotKey } from '../../../spec/machines/snapshotKey.js';
import { createDefFlagsMachine } from '../../../spec/machines/defFlagsMachine.js';

const machine = createMmMachine({ regions: 2, pages: 2 });

function run(...events: MmEvent[]) {
  let s = machine.resolveState({
    value: { r0: 'unmapped', r1: 'unmapped', defFlags: 'none' },
    context: {
      pages: [
        ['.', '.'],
        ['.', '.'],
      ],
      last: 'ok',
    },
  });
  for (const e of events) s = getNextSnapshot(machine, s, e);
  return s;
}

describe('mm statechart', () => {
  it('MCL_FUTURE decides how a new mapping starts: locked and populated', () => {
    const s = run(mlockallEvent(2), mmapEvent(0, 'plain'));
    expect(s.value).toEqual({ r0: 'locked', r1: 'unmapped', defFlags: 'future' });
    expect(s.context.pages[0]).toEqual(['p', 'p']);
  });

  it('under MCL_FUTURE|MCL_ONFAULT even MAP_POPULATE and MAP_LOCKED fault nothing in', () => {
    for (const map of ['populate', 'locked'] as const) {
      const s = run(mlockallEvent(6), mmapEvent(0, map));
      expect(s.value).toMatchObject({ r0: 'lockonfault' });
      expect(s.context.pages[0]).toEqual(['.', '.']);
    }
  });

  it('MCL_CURRENT locks every mapped region and cancels MCL_FUTURE', () => {
    const s = run(
      mlockallEvent(2),
      mmapEvent(0, 'plain'),
      mmapEvent(1, 'populate_nonblock'),
      mlockallEvent(1),
    );
    expect(s.value).toEqual({ r0: 'locked', r1: 'locked', defFlags: 'none' });
    expect(s.context.pages[1]).toEqual(['p', 'p']);
  });

  it('a read fault under lock-on-fault maps the zero page; mlock replaces it', () => {
    const a = run(
      mmapEvent(0, 'plain'),
      regionEvent('mlock2_onfault', 0),
      accessEvent('read', 0, 1),
    );
    expect(a.context.pages[0]).toEqual(['.', 'z']);
    const b = getNextSnapshot(machine, a, regionEvent('mlock', 0));
    expect(b.value).toMatchObject({ r0: 'locked' });
    expect(b.context.pages[0]).toEqual(['p', 'p']);
  });

  it('failing calls record their errno and change nothing else', () => {
    const s = run(regionEvent('mlock', 1));
    expect(s.context.last).toBe('ENOMEM');
    expect(run(mlockallEvent(8)).context.last).toBe('EINVAL');
    expect(run(mmapEvent(0, 'plain'), mmapEvent(0, 'locked')).context.last).toBe('EEXIST');
    expect(run(accessEvent('write', 0, 0)).context.last).toBe('SIGSEGV');
  });

  it('munlockall restores: no region locked, def_flags none', () => {
    const s = run(mlockallEvent(7), mmapEvent(0, 'plain'), mmapEvent(1, 'locked'), MUNLOCKALL);
    expect(s.value).toEqual({ r0: 'unlocked', r1: 'unlocked', defFlags: 'none' });
  });

  it('the snapshot key does not depend on key order, and never shows the transient populate', () => {
    const s = run(mmapEvent(0, 'locked'));
    const k = snapshotKey(s);
    expect(k).toBe(
      snapshotKey({
        value: { defFlags: 'none', r1: 'unmapped', r0: 'locked' },
        context: s.context,
      }),
    );
    expect(k).not.toContain('populate');
  });
});

describe('def_flags statechart', () => {
  it('the lock bits after mlockall(f) depend on f alone', () => {
    const m = createDefFlagsMachine();
    const expected: Record<number, string> = {
      1: 'none',
      2: 'future',
      3: 'future',
      5: 'none',
      6: 'future_onfault',
      7: 'future_onfault',
    };
    for (const from of ['none', 'future', 'future_onfault']) {
      for (const [f, to] of Object.entries(expected)) {
        const s = getNextSnapshot(
          m,
          m.resolveState({ value: from, context: { pages: [], last: 'ok' } }),
          mlockallEvent(Number(f)),
        );
        expect(s.value).toBe(to);
      }
      for (const f of [0, 4, 8, 9]) {
        const s = getNextSnapshot(
          m,
          m.resolveState({ value: from, context: { pages: [], last: 'ok' } }),
          mlockallEvent(f),
        );
        expect([s.value, s.context.last]).toEqual([from, 'EINVAL']);
      }
    }
  });
});
