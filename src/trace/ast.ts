// The syntax tree of a .mmt trace (spec/trace-format.md). Names stay names here: what a
// name means (a region, a file, a uapi constant, a model's added flag) is decided when the
// program is resolved against a model, so a proposal can add flag names without a new parser.

import type { CallName } from '../uapi/callName.js';
import type { ObservableOf } from '../uapi/engine.js';
import type { Signal } from '../uapi/errno.js';
import type { EnvFault } from '../uapi/injection.js';

/** A place in the source, 1-based, for error messages with a caret. */
export interface Pos {
  readonly line: number;
  readonly column: number;
}

export type BinaryOp = '+' | '-' | '*' | '|';
export type UnaryOp = '-' | '~';

export type Expr =
  /** `hex`: written as `0x...`, so a printed trace keeps the author's spelling. */
  | { readonly kind: 'number'; readonly value: bigint; readonly hex?: boolean; readonly pos: Pos }
  /** `nP`: n pages. */
  | { readonly kind: 'pages'; readonly count: bigint; readonly pos: Pos }
  /** A region, a file, PAGE_SIZE, NULL or a flag name. */
  | { readonly kind: 'name'; readonly name: string; readonly pos: Pos }
  | { readonly kind: 'string'; readonly value: string; readonly pos: Pos }
  | { readonly kind: 'unary'; readonly op: UnaryOp; readonly arg: Expr; readonly pos: Pos }
  | {
      readonly kind: 'binary';
      readonly op: BinaryOp;
      readonly left: Expr;
      readonly right: Expr;
      readonly pos: Pos;
    };

/**
 * What a statement is expected to return, strace style: `= 0`, `= -1 EINVAL`, `= SIGBUS`, or
 * `= hang` (the call never returns).
 */
export type Expectation =
  | { readonly kind: 'value'; readonly value: Expr; readonly pos: Pos }
  | { readonly kind: 'errno'; readonly errno: string; readonly pos: Pos }
  | { readonly kind: 'signal'; readonly signal: Signal; readonly pos: Pos }
  | { readonly kind: 'hang'; readonly pos: Pos }
  /** `= {0, -1 ENOMEM}`: racing threads; the result is one of these (never a nested set). */
  | { readonly kind: 'set'; readonly members: readonly SingleExpectation[]; readonly pos: Pos }
  /**
   * `!= -1 ENOMEM`, `!= {0, -1 EAGAIN}`: the call returns anything but this. What a
   * counterexample demands where the property rules out a few results, or accepts a success
   * whose address no expectation can name before the call.
   */
  | { readonly kind: 'not'; readonly of: PositiveExpectation; readonly pos: Pos };

/** An expectation written after `=`. */
export type PositiveExpectation = Exclude<Expectation, { readonly kind: 'not' }>;

export type SingleExpectation = Exclude<PositiveExpectation, { readonly kind: 'set' }>;

/** `inject VM_FAULT_SIGBUS at a + 2P`: the environment's answer at a page during the next call. */
export interface InjectClause {
  readonly fault: EnvFault;
  readonly addr: Expr;
  readonly pos: Pos;
}

export interface CallStmt {
  readonly kind: 'call';
  /** `a = mmap(...)`: the name bound to the result. */
  readonly bind?: { readonly name: string; readonly pos: Pos };
  readonly call: CallName;
  readonly callPos: Pos;
  readonly args: readonly Expr[];
  readonly expect?: Expectation;
  /** `on linux-5.10 = -1 EINVAL`: what the call returns on the named versions instead. */
  readonly versions?: readonly VersionExpectation[];
  /**
   * Comment lines printed above the statement (a conform reproducer notes what each side did
   * there). The parser drops comments, as for `Program.comments`.
   */
  readonly comments?: readonly string[];
  /** `inject` lines written above the call: the environment's answers during it. */
  readonly inject?: readonly InjectClause[];
  readonly pos: Pos;
}

/** An `on VERSION[, VERSION...]` clause: versions are model or kernel target names. */
export interface VersionClause {
  readonly versions: readonly string[];
  readonly pos: Pos;
  /** Where each of `versions` is written (a clause the parser read; absent in one built). */
  readonly versionPos?: readonly Pos[];
}

export interface VersionExpectation extends VersionClause {
  readonly expect: Expectation;
}

export interface VersionCheckSpec extends VersionClause {
  readonly spec: CheckSpec;
}

export type Observable = ObservableOf<Expr>;

export type NumericOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type CheckSpec =
  /** `pages(...) = "L.?[pz]"` */
  | {
      readonly kind: 'pattern';
      readonly op: '=' | '!=';
      readonly pattern: string;
      readonly pos: Pos;
    }
  /** `vmflags(a) has lo lf`, `def_flags lacks lo` */
  | {
      readonly kind: 'mnemonics';
      readonly op: 'has' | 'lacks';
      readonly mnemonics: readonly string[];
      readonly pos: Pos;
    }
  /** `vmflags(a) = none`: no VMA holds the address (`!= none`: one does). */
  | { readonly kind: 'absent'; readonly op: '=' | '!='; readonly pos: Pos }
  /** `vma(a) = a + 0P .. a + 4P`, `vma(a) = none`, `vma(a) != none` */
  | {
      readonly kind: 'extent';
      readonly op: '=' | '!=';
      readonly extent: { readonly start: Expr; readonly end: Expr } | 'none';
      readonly pos: Pos;
    }
  /** `vmas(a, 8P) = 3`, `VmLck <= 2P` */
  | { readonly kind: 'numeric'; readonly op: NumericOp; readonly value: Expr; readonly pos: Pos };

export interface CheckStmt {
  readonly kind: 'check';
  /**
   * `check some ...`: after a group of threads run in every interleaving, the check holds in
   * at least one (by default it must hold in every one).
   */
  readonly some?: boolean;
  readonly observable: Observable;
  readonly observablePos: Pos;
  readonly spec: CheckSpec;
  /** `on linux-6.1 = "...."`: what the check states on the named versions instead. */
  readonly versions?: readonly VersionCheckSpec[];
  readonly comments?: readonly string[];
  readonly pos: Pos;
}

export interface ForkStmt {
  readonly kind: 'fork';
  readonly body: readonly Stmt[];
  readonly comments?: readonly string[];
  readonly pos: Pos;
}

/** `thread NAME { ... }`: one thread's calls (calls and accesses only). */
export interface ThreadBlock {
  readonly name: string;
  readonly body: readonly CallStmt[];
  readonly pos: Pos;
}

/** One step of a `schedule` line: `A` or `A until fault(a + 4P)`. */
export type ScheduleStepSyntax =
  | { readonly thread: string; readonly until: 'return'; readonly pos: Pos }
  | { readonly thread: string; readonly until: 'fault'; readonly addr: Expr; readonly pos: Pos };

/**
 * Consecutive `thread` blocks: threads of the process run after the statement before and
 * joined before the next one, in the order of the `schedule` line after them if there is one.
 */
export interface ThreadsStmt {
  readonly kind: 'threads';
  readonly threads: readonly ThreadBlock[];
  readonly schedule?: { readonly steps: readonly ScheduleStepSyntax[]; readonly pos: Pos };
  readonly comments?: readonly string[];
  readonly pos: Pos;
}

export type Stmt = CallStmt | CheckStmt | ForkStmt | ThreadsStmt;

export interface Directives {
  readonly model?: { readonly name: string; readonly pos: Pos };
  /** Soft and hard RLIMIT_MEMLOCK in bytes; undefined means the default, unlimited. */
  readonly rlimitMemlock?: { readonly value: Expr | 'unlimited'; readonly pos: Pos };
  readonly capIpcLock?: { readonly on: boolean; readonly pos: Pos };
  /** `thp on`: transparent hugepages for MADV_HUGEPAGE regions; undefined means off. */
  readonly thp?: { readonly on: boolean; readonly pos: Pos };
  /** Soft and hard RLIMIT_DATA in bytes (`rlimit DATA N`); undefined: unlimited. */
  readonly rlimitData?: { readonly value: Expr | 'unlimited'; readonly pos: Pos };
}

export interface Program {
  /** The file the trace came from (or a label such as `<counterexample>`). */
  readonly file: string;
  /** The source text, kept so that errors can show the offending line. */
  readonly source: string;
  readonly directives: Directives;
  readonly body: readonly Stmt[];
  /**
   * Comment lines printed above the directives: what a trace mmspec wrote says about itself
   * (a counterexample's property and bound). The parser drops comments, so a parsed program
   * has none, and positions count the lines below them.
   */
  readonly comments?: readonly string[];
}
