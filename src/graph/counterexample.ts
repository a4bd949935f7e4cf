// A path of statechart events as a .mmt trace: each event as the call the bridge ran, with
// the result the statechart expects, then checks of what the statechart says the last step
// leaves. Run on the model, the trace fails exactly where the simulator disagrees.

import type { MmShape } from '../../spec/machines/mmContext.js';
import { MAP_KIND_FLAGS, REGION_CALLS, type MmEvent } from '../../spec/machines/mmEvent.js';
import type { Expectation, Expr } from '../trace/ast.js';
import { ProgramBuilder } from '../trace/programBuilder.js';
import { print } from '../trace/printer.js';
import {
  NOWHERE,
  checkExtent,
  checkMnemonics,
  checkPages,
  named,
  num,
  pageCount,
} from '../trace/syntax.js';
import { regionHint } from '../uapi/engine.js';
import { MCL_CURRENT, MCL_FUTURE, MCL_ONFAULT } from '../uapi/constants.js';
import type { AbstractMm } from './abstractMm.js';

const or = (names: readonly string[]): Expr =>
  names
    .map(named)
    .reduce((left, right) => ({ kind: 'binary', op: '|', left, right, pos: NOWHERE }));

/** mlockall's flags by their names (`MCL_FUTURE|MCL_ONFAULT`), a bit no name has as a number. */
function mclFlags(flags: number): Expr {
  const names = MCL_NAMES.filter(([, bit]) => (flags & bit) !== 0).map(([name]) => name);
  const rest = MCL_NAMES.reduce((f, [, bit]) => f & ~bit, flags);
  const parts = [...names.map(named), ...(rest === 0 && names.length > 0 ? [] : [num(rest)])];
  return parts.reduce((left, right) => ({ kind: 'binary', op: '|', left, right, pos: NOWHERE }));
}

const MCL_NAMES = [
  ['MCL_CURRENT', MCL_CURRENT],
  ['MCL_FUTURE', MCL_FUTURE],
  ['MCL_ONFAULT', MCL_ONFAULT],
] as const;

/** Adds event `e` as the call the bridge runs, expecting `outcome`. */
function addEvent(b: ProgramBuilder, shape: MmShape, e: MmEvent, outcome: string): void {
  const len = pageCount(shape.pages);
  const expect = expectation(e, outcome);
  switch (e.call) {
    case 'mmap': {
      const flags = [
        'MAP_PRIVATE',
        'MAP_ANONYMOUS',
        'MAP_FIXED_NOREPLACE',
        ...MAP_KIND_FLAGS[e.map],
      ];
      const at = num(regionHint(e.region), true);
      const args = [at, len, or(['PROT_READ', 'PROT_WRITE']), or(flags), num(-1), num(0)];
      // A failed mmap binds no region: later calls name its address.
      const bind = outcome === 'ok' ? { bind: `r${e.region}`, region: e.region } : {};
      return b.call('mmap', args, { ...bind, ...expect });
    }
    case 'munmap':
    case 'mlock':
    case 'munlock':
    case 'mlock2_onfault':
    case 'mlock2_einval': {
      const { call, flags } = REGION_CALLS[e.call];
      const flagArgs =
        flags === undefined ? [] : [typeof flags === 'number' ? num(flags) : named(flags)];
      return b.call(call, [b.region(e.region), len, ...flagArgs], expect);
    }
    case 'read':
    case 'write':
      return b.call(e.call, [b.region(e.region, e.page)], expect);
    case 'mlockall':
      return b.call('mlockall', [mclFlags(e.flags)], expect);
    case 'munlockall':
      return b.call('munlockall', [], expect);
  }
}

/** What the statechart says `state` shows: each region's lock bits and pages, def_flags. */
function addChecks(b: ProgramBuilder, shape: MmShape, state: AbstractMm): void {
  state.regions.forEach((r, k) => {
    const addr = b.region(k);
    if (r.state === 'unmapped') return b.check(checkExtent(addr, 'none'));
    const lo = r.state === 'locked' || r.state === 'lockonfault';
    const lf = r.state === 'lockonfault';
    const vmflags = { kind: 'vmflags', addr } as const;
    b.check(checkMnemonics(vmflags, lo ? 'has' : 'lacks', lf || !lo ? ['lo', 'lf'] : ['lo']));
    if (lo && !lf) b.check(checkMnemonics(vmflags, 'lacks', ['lf']));
    b.check(checkPages(addr, shape.pages, r.letters));
  });
  const def = state.defFlags;
  const has = def === 'future' ? ['lo'] : def === 'future_onfault' ? ['lo', 'lf'] : [];
  if (has.length > 0) b.check(checkMnemonics({ kind: 'def_flags' }, 'has', has));
  const lacks = def === 'future' ? ['lf'] : def === 'none' ? ['lo', 'lf'] : [];
  if (lacks.length > 0) b.check(checkMnemonics({ kind: 'def_flags' }, 'lacks', lacks));
}

/** `= 0`, `= -1 ENOMEM`, `= SIGSEGV`; nothing for a successful mmap or read (their values vary). */
function expectation(e: MmEvent, outcome: string): { expect?: Expectation } {
  if (outcome === 'SIGSEGV') return { expect: { kind: 'signal', signal: 'SIGSEGV', pos: NOWHERE } };
  if (outcome !== 'ok') return { expect: { kind: 'errno', errno: outcome, pos: NOWHERE } };
  if (e.call === 'mmap' || e.call === 'read' || e.call === 'write') return {};
  return { expect: { kind: 'value', value: num(0), pos: NOWHERE } };
}

/**
 * The trace of `events`, each with the outcome the statechart gives it (`outcomes[i]`), then
 * the checks of `final`, the statechart's state after the last event.
 */
export function counterexampleTrace(
  shape: MmShape,
  model: string,
  events: readonly MmEvent[],
  outcomes: readonly string[],
  final: AbstractMm,
): string {
  const b = new ProgramBuilder({ file: '<counterexample>', model });
  events.forEach((e, i) => addEvent(b, shape, e, outcomes[i] ?? 'ok'));
  addChecks(b, shape, final);
  return print(b.draft());
}
