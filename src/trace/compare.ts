// Compares a run on the real kernel with a run of the same trace on a model, statement by
// statement. Addresses compare symbolically (`a + 4P`, or just "an address"): the kernel picks
// its own spot for a moving mremap. Fds compare as "an fd". VmFlags compare on the mnemonics
// models track; pages letter by letter, where the model may allow a class (`[pL]`).

import type { CallName } from '../uapi/callName.js';
import type { Program, Stmt } from './ast.js';
import { ADDRESS_CALLS, type Bindings, type Constants, FD_CALLS } from './bindings.js';
import type { CallResult, Observed, Outcome, Step } from '../uapi/outcome.js';
import { pagesOf, pagesWithin } from './pattern.js';
import { printSchedule, printStatementHead } from './printer.js';
import { hex, showMnemonics, showObserved, showResult } from './show.js';
import { judgeTrail, type Verdict } from './judge.js';
import { versionOfEngine } from './versionExpectation.js';
import { trail, type TrailEntry } from './trail.js';
import { MODELLED_MNEMONICS } from '../uapi/vmFlags.js';

/** One statement as each side saw it. */
export interface ComparedStatement {
  readonly kind: Stmt['kind'];
  readonly line: number;
  /** The statement as printed (`fork {` for a fork). */
  readonly text: string;
  readonly kernel: string;
  readonly model: string;
  readonly same: boolean;
  /** A fork's statements; a group's threads' calls, thread by thread. */
  readonly body: readonly ComparedStatement[];
  /** A group of threads: each thread's name and how many of `body` are its calls. */
  readonly threads?: readonly { readonly name: string; readonly calls: number }[];
  /** A group's schedule line, as written (`schedule A until fault(a + 4P), B, A`). */
  readonly schedule?: string;
}

export interface Comparison {
  readonly statements: readonly ComparedStatement[];
  /** Statements whose results or observations differ, forks' bodies included. */
  readonly differences: number;
  readonly kernelVerdicts: readonly Verdict[];
  readonly modelVerdicts: readonly Verdict[];
  /** True when nothing differs and every expectation and check held on both sides. */
  readonly agreed: boolean;
}

export function compareOutcomes(
  program: Program,
  kernel: Outcome,
  model: Outcome,
  constants?: Constants,
): Comparison {
  const k = trail(program, kernel, constants);
  const m = trail(program, model, constants);
  const kernelVerdicts = judgeTrail(k, versionOfEngine(kernel.engine));
  const modelVerdicts = judgeTrail(m, versionOfEngine(model.engine));
  const heldOnKernel = new Set(kernelVerdicts.filter((v) => v.held).map((v) => v.line));
  const heldOnModel = new Set(modelVerdicts.filter((v) => v.held).map((v) => v.line));
  const bothHeld = (line: number) => heldOnKernel.has(line) && heldOnModel.has(line);
  const statements = compareEntries(program.body, k, m, bothHeld, false);
  const differences = countDifferences(statements);
  const failed = [...kernelVerdicts, ...modelVerdicts].some((v) => !v.held);
  const unsupported = kernel.unsupported.length + model.unsupported.length > 0;
  return {
    statements,
    differences,
    kernelVerdicts,
    modelVerdicts,
    agreed: differences === 0 && !failed && !unsupported,
  };
}

function countDifferences(list: readonly ComparedStatement[]): number {
  return list.reduce((n, s) => n + (s.same ? 0 : 1) + countDifferences(s.body), 0);
}

/**
 * `racy`: the statements of a group of threads with no schedule, which each side ran in an
 * interleaving of its own (the kernel's scheduler, the model's first), so a call's results
 * may differ: they differ in behaviour only where one side's is not an outcome the trace
 * allows (`= {0, -1 ENOMEM}`).
 */
function compareEntries(
  body: readonly Stmt[],
  k: readonly TrailEntry[],
  m: readonly TrailEntry[],
  bothHeld: (line: number) => boolean,
  racy: boolean,
): ComparedStatement[] {
  return body.map((stmt, i) => {
    const ke = k[i];
    const me = m[i];
    if (ke === undefined || me === undefined)
      throw new Error('compareOutcomes: trail does not match the program');
    const a = symbolic(stmt, ke.step, ke.before);
    const b = symbolic(stmt, me.step, me.before);
    const inner =
      stmt.kind === 'fork'
        ? compareEntries(stmt.body, ke.body, me.body, bothHeld, racy)
        : stmt.kind === 'threads'
          ? compareEntries(
              stmt.threads.flatMap((t) => t.body),
              ke.body,
              me.body,
              bothHeld,
              stmt.schedule === undefined,
            )
          : [];
    // A statement one side never ran (its run stopped before it, unsupported or killed) is
    // not compared: the run's UNSUPPORTED line says why, and it is no difference of behaviour.
    const same =
      ke.step === undefined ||
      me.step === undefined ||
      a.key === b.key ||
      (a.pages !== undefined && b.pages !== undefined && pagesWithin(a.pages, b.pages)) ||
      (racy && stmt.kind === 'call' && stmt.expect !== undefined && bothHeld(stmt.pos.line));
    return {
      kind: stmt.kind,
      line: stmt.pos.line,
      text: printStatementHead(stmt),
      kernel: a.text,
      model: b.text,
      same,
      body: inner,
      ...(stmt.kind === 'threads'
        ? {
            threads: stmt.threads.map((t) => ({ name: t.name, calls: t.body.length })),
            ...(stmt.schedule === undefined
              ? {}
              : { schedule: printSchedule(stmt.schedule.steps) }),
          }
        : {}),
    };
  });
}

interface Symbol {
  /** Equal keys mean the two sides agree. */
  readonly key: string;
  readonly text: string;
  /** For pages: compared letter by letter instead of by key. */
  readonly pages?: readonly string[];
}

function symbolic(stmt: Stmt, step: Step | undefined, names: Bindings): Symbol {
  if (step === undefined) return { key: 'not run', text: 'not run' };
  switch (step.kind) {
    case 'call':
      return stmt.kind === 'call' ? symbolicResult(stmt.call, step.result, names) : mismatch(step);
    case 'check':
      return symbolicObserved(step.observed, names);
    case 'fork':
      return { key: `exit ${step.exitStatus}`, text: `child exit ${step.exitStatus}` };
  }
}

function mismatch(step: Step): Symbol {
  return { key: `bad step ${step.kind}`, text: `engine recorded a ${step.kind} step` };
}

function symbolicResult(call: CallName, result: CallResult, names: Bindings): Symbol {
  const text = showResult(result, call);
  if (result.kind !== 'value') return { key: text, text };
  if (ADDRESS_CALLS.has(call)) {
    const where = names.describeAddress(result.value) ?? 'an address';
    return { key: where, text: `${text} (${where})` };
  }
  if (FD_CALLS.has(call)) return { key: 'an fd', text: `${text} (an fd)` };
  return { key: text, text };
}

function modelled(mnemonics: readonly string[]): string[] {
  return mnemonics.filter((m) => MODELLED_MNEMONICS.includes(m));
}

/** Compared as a set of the modelled mnemonics, shown in the engine's order. */
function mnemonicSymbol(mnemonics: readonly string[]): Symbol {
  const kept = modelled(mnemonics);
  return { key: [...kept].sort().join(' '), text: showMnemonics(kept) };
}

function symbolicObserved(observed: Observed, names: Bindings): Symbol {
  switch (observed.kind) {
    case 'pages':
      return {
        key: observed.letters,
        text: `"${observed.letters}"`,
        pages: pagesOf(observed.letters),
      };
    case 'vmflags': {
      if (observed.mnemonics === null) return { key: 'no VMA', text: 'no VMA there' };
      return mnemonicSymbol(observed.mnemonics);
    }
    case 'def_flags':
      return mnemonicSymbol(observed.mnemonics);
    case 'page':
      return { key: observed.flags.join(' '), text: showMnemonics(observed.flags) };
    case 'vma': {
      if (observed.extent === null) return { key: 'none', text: 'none' };
      const { start, end } = observed.extent;
      const s = names.describeAddress(start) ?? 'an address';
      const e = names.describeAddress(end) ?? 'an address';
      return { key: `${s} .. ${e}`, text: `${hex(start)} .. ${hex(end)} (${s} .. ${e})` };
    }
    default: {
      const text = showObserved(observed, names);
      return { key: text, text };
    }
  }
}
