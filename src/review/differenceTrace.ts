// The shortest differing run as a .mmt trace: the directives of its initial process, every call
// with the result model A gives (the same as B's, but for the last call maybe), and at the end
// a check of what A predicts for each observable on which B differs. So the trace passes on A
// and fails on B at those checks.

import type { TraceText } from '../check/counterexampleTrace.js';
import type { KernelBound } from '../check/kernelBound.js';
import { replayedTrace } from '../check/replayedTrace.js';
import type { ReplayedStep } from '../check/replayLetters.js';
import type { CheckStmt, Observable } from '../trace/ast.js';
import type { ProgramBuilder } from '../trace/programBuilder.js';
import { print } from '../trace/printer.js';
import {
  check,
  checkExtent,
  checkMnemonics,
  checkPages,
  checkVmLck,
  NOWHERE,
  num,
  pageCount,
} from '../trace/syntax.js';
import { PAGE_SIZE } from '../uapi/constants.js';
import type { Difference } from './observableDifferences.js';

export interface DifferenceTraceInput {
  readonly bound: KernelBound;
  readonly setup: number;
  /** The run on model A. */
  readonly steps: readonly ReplayedStep[];
  /** Whether the last call returned differently on B (then A's result is stated, always). */
  readonly lastResultDiffers: boolean;
  readonly differences: readonly Difference[];
  /** Model A, named in a `model` directive unless it is the default. */
  readonly model: string;
  readonly header: readonly string[];
}

const PAGE = BigInt(PAGE_SIZE);

const mnemonicsOf = (d: Difference['a']): readonly string[] | null =>
  d.observed.kind === 'vmflags' || d.observed.kind === 'def_flags'
    ? d.observed.mnemonics
    : d.observed.kind === 'page'
      ? d.observed.flags
      : null;

/** `has` what A has and B lacks, `lacks` the reverse; none where one side has no VMA. */
function mnemonicChecks(
  observable: Extract<Observable, { kind: 'vmflags' | 'def_flags' | 'page' }>,
  d: Difference,
): CheckStmt[] {
  const have = mnemonicsOf(d.a);
  const other = mnemonicsOf(d.b);
  // No VMA on one side: the vma(...) check at the same address already states it.
  if (have === null || other === null) return [];
  const has = have.filter((m) => !other.includes(m));
  const lacks = other.filter((m) => !have.includes(m));
  return [
    ...(has.length > 0 ? [checkMnemonics(observable, 'has', has)] : []),
    ...(lacks.length > 0 ? [checkMnemonics(observable, 'lacks', lacks)] : []),
  ];
}

/** The checks that hold on A and fail on B for one differing observable. */
export function checksOf(d: Difference, b: ProgramBuilder): CheckStmt[] {
  const { what, observed: o } = d.a;
  switch (what.kind) {
    case 'vmflags':
      return mnemonicChecks({ kind: 'vmflags', addr: b.address(what.addr) }, d);
    case 'def_flags':
      return mnemonicChecks({ kind: 'def_flags' }, d);
    case 'page':
      return mnemonicChecks({ kind: 'page', addr: b.address(what.addr) }, d);
    case 'pages':
      return o.kind === 'pages'
        ? [checkPages(b.address(what.addr), Number(what.len / PAGE), o.letters)]
        : [];
    case 'vma': {
      if (o.kind !== 'vma') return [];
      const e = o.extent;
      const extent = e === null ? 'none' : { start: b.address(e.start), end: b.address(e.end) };
      return [checkExtent(b.address(what.addr), extent)];
    }
    case 'vmas':
      return o.kind === 'vmas'
        ? [
            check(
              { kind: 'vmas', addr: b.address(what.addr), len: pageCount(what.len / PAGE) },
              { kind: 'numeric', op: '=', value: num(o.count), pos: NOWHERE },
            ),
          ]
        : [];
    case 'VmLck':
      return o.kind === 'VmLck' ? [checkVmLck(pageCount(o.bytes / PAGE))] : [];
    case 'AnonHugePages':
    case 'VmData':
    case 'Mlocked':
    case 'Unevictable':
      // VmData is not among the review's observables (src/review/observables.ts).
      // AnonHugePages is 0 in every bound (no bound runs `thp on`: stateCodec.ts refuses it).
      // The review compares per-process observables; the system counters are not among them.
      return [];
  }
}

export function differenceTrace(input: DifferenceTraceInput): TraceText {
  const b = replayedTrace({
    bound: input.bound,
    setup: input.setup,
    steps: input.steps,
    file: '<difference>',
    model: input.model,
    comments: input.header,
    stateLastResult: input.lastResultDiffers,
  });
  for (const d of input.differences) b.check(...checksOf(d, b));
  const program = b.build();
  return { program, text: print(program) };
}
