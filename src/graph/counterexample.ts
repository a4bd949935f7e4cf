// A path of statechart events as a .mmt trace: each event as the call the bridge ran, with
// the result the statechart expects, then checks of what the statechart says the last step
// leaves. Run on the model, the trace fails exactly where the simulator disagrees.

import type { MmShape } from '../../spec/machines/mmContext.js';
import type { MmEvent } from '../../spec/machines/mmEvent.js';
import type { CallStmt, CheckStmt, Expectation, Expr, Program, Stmt } from '../trace/ast.js';
import { print } from '../trace/printer.js';
import { regionHint } from '../uapi/engine.js';
import type { AbstractMm } from './abstractMm.js';
import type { MAP_KIND_FLAGS } from './eventCall.js';
import { MLOCK2_INVALID } from './eventCall.js';

const pos = { line: 0, column: 0 };
const name = (n: string): Expr => ({ kind: 'name', name: n, pos });
const num = (v: number | bigint, hex = false): Expr => ({
  kind: 'number',
  value: BigInt(v),
  hex,
  pos,
});
const pagesExpr = (n: number): Expr => ({ kind: 'pages', count: BigInt(n), pos });
const or = (names: string[]): Expr =>
  names.map(name).reduce((left, right) => ({ kind: 'binary', op: '|', left, right, pos }));
const plus = (left: Expr, right: Expr): Expr => ({ kind: 'binary', op: '+', left, right, pos });

const MAP_NAMES: Record<keyof typeof MAP_KIND_FLAGS, string[]> = {
  plain: [],
  populate: ['MAP_POPULATE'],
  populate_nonblock: ['MAP_POPULATE', 'MAP_NONBLOCK'],
  locked: ['MAP_LOCKED'],
};

class TraceBuilder {
  private readonly bound = new Set<number>();
  readonly body: Stmt[] = [];
  constructor(private readonly shape: MmShape) {}

  region(k: number, page = 0): Expr {
    const base = this.bound.has(k) ? name(`r${k}`) : num(regionHint(k), true);
    return plus(base, pagesExpr(page));
  }

  call(e: MmEvent, outcome: string): void {
    const len = pagesExpr(this.shape.pages);
    let stmt: Omit<CallStmt, 'expect'>;
    const mk = (call: CallStmt['call'], args: Expr[]) => ({
      kind: 'call' as const,
      call,
      callPos: pos,
      args,
      pos,
    });
    switch (e.call) {
      case 'mmap': {
        const flags = ['MAP_PRIVATE', 'MAP_ANONYMOUS', 'MAP_FIXED_NOREPLACE', ...MAP_NAMES[e.map]];
        const args = [
          num(regionHint(e.region), true),
          len,
          or(['PROT_READ', 'PROT_WRITE']),
          or(flags),
          num(-1),
          num(0),
        ];
        stmt = { ...mk('mmap', args), bind: { name: `r${e.region}`, pos } };
        this.bound.add(e.region);
        break;
      }
      case 'munmap':
      case 'mlock':
      case 'munlock':
        stmt = mk(e.call, [this.region(e.region), len]);
        break;
      case 'mlock2_onfault':
        stmt = mk('mlock2', [this.region(e.region), len, name('MLOCK_ONFAULT')]);
        break;
      case 'mlock2_einval':
        stmt = mk('mlock2', [this.region(e.region), len, num(MLOCK2_INVALID)]);
        break;
      case 'read':
      case 'write':
        stmt = mk(e.call, [this.region(e.region, e.page)]);
        break;
      case 'mlockall':
        stmt = mk('mlockall', [num(e.flags)]);
        break;
      case 'munlockall':
        stmt = mk('munlockall', []);
        break;
    }
    this.body.push({ ...stmt, ...expectation(e, outcome) });
  }

  checks(state: AbstractMm): void {
    const check = (observable: CheckStmt['observable'], spec: CheckStmt['spec']) =>
      this.body.push({ kind: 'check', observable, observablePos: pos, spec, pos });
    state.regions.forEach((r, k) => {
      const addr = this.region(k);
      if (r.state === 'unmapped')
        return check({ kind: 'vma', addr }, { kind: 'extent', op: '=', extent: 'none', pos });
      const lo = r.state === 'locked' || r.state === 'lockonfault';
      const lf = r.state === 'lockonfault';
      check(
        { kind: 'vmflags', addr },
        {
          kind: 'mnemonics',
          op: lo ? 'has' : 'lacks',
          mnemonics: lf || !lo ? ['lo', 'lf'] : ['lo'],
          pos,
        },
      );
      if (lo && !lf)
        check(
          { kind: 'vmflags', addr },
          { kind: 'mnemonics', op: 'lacks', mnemonics: ['lf'], pos },
        );
      check(
        { kind: 'pages', addr, len: pagesExpr(this.shape.pages) },
        { kind: 'pattern', op: '=', pattern: r.letters, pos },
      );
    });
    const def = state.defFlags;
    const has = def === 'future' ? ['lo'] : def === 'future_onfault' ? ['lo', 'lf'] : [];
    if (has.length > 0)
      check({ kind: 'def_flags' }, { kind: 'mnemonics', op: 'has', mnemonics: has, pos });
    const lacks = def === 'future' ? ['lf'] : def === 'none' ? ['lo', 'lf'] : [];
    if (lacks.length > 0)
      check({ kind: 'def_flags' }, { kind: 'mnemonics', op: 'lacks', mnemonics: lacks, pos });
  }
}

/** `= 0`, `= -1 ENOMEM`, `= SIGSEGV`; nothing for a successful mmap or read (their values vary). */
function expectation(e: MmEvent, outcome: string): { expect?: Expectation } {
  if (outcome === 'SIGSEGV') return { expect: { kind: 'signal', signal: 'SIGSEGV', pos } };
  if (outcome !== 'ok') return { expect: { kind: 'errno', errno: outcome, pos } };
  if (e.call === 'mmap' || e.call === 'read' || e.call === 'write') return {};
  return { expect: { kind: 'value', value: num(0), pos } };
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
  const b = new TraceBuilder(shape);
  events.forEach((e, i) => b.call(e, outcomes[i] ?? 'ok'));
  b.checks(final);
  const program: Program = {
    file: '<counterexample>',
    source: '',
    directives: { model: { name: model, pos } },
    body: b.body,
  };
  return print(program);
}
