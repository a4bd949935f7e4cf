// The pass between parsing and running: every name means something, every call has the
// arguments its C prototype takes, every errno exists. Whatever passes here runs to the end
// on any engine without a misuse error; whatever fails is a TraceError pointing at the fault.

import { PAGE_FLAGS, isPageFlag } from '../uapi/pageFlags.js';
import type {
  CallStmt,
  CheckSpec,
  CheckStmt,
  Expectation,
  Expr,
  Program,
  Stmt,
  ThreadsStmt,
  VersionClause,
} from './ast.js';
import { type Constants, constantTable, ADDRESS_CALLS, FD_CALLS } from './bindings.js';
import { TraceError } from './diagnostic.js';
import { closest, didYouMean } from '../uapi/closest.js';
import { evaluate, signed } from './evaluate.js';
import { MAX_OBSERVED_PAGES, observableOperands, observedPages } from '../uapi/engine.js';
import { foldExpr, type LeafExpr } from './_internals/foldExpr.js';
import { checkForkLimits } from './forkLimits.js';
import { parsePattern } from './pattern.js';
import { printExpr } from './printer.js';
import { ERRNO_NAMES, isErrno } from '../uapi/errno.js';
import type { UapiConstant } from '../uapi/uapiConstants.js';
import { MODELLED_MNEMONICS } from '../uapi/vmFlags.js';

export interface ResolveOptions {
  /** Names a model or proposal adds to the uapi vocabulary. */
  readonly extraConstants?: readonly UapiConstant[];
  /** The model the trace resolves for, named in the message for a name another model adds. */
  readonly model?: string;
  /** The other models that add an unknown name (a proposal's MAP_LOCKONFAULT), if any. */
  readonly addedBy?: (name: string) => readonly string[];
  /**
   * `model` is no registered model: a model file's, named by a trace made on it. Its names are
   * the file's, which only `--model FILE` loads, and the advice must say so rather than send the
   * reader to a committed design that happens to add a name of the same spelling.
   */
  readonly modelUnregistered?: boolean;
  /**
   * The checks only observe, what they expect being a placeholder (a table cell's probes,
   * `= "?"`): a pattern's length is not held to what the check reads.
   */
  readonly probes?: boolean;
  /**
   * The names an `on` clause may give (models, kernel targets, host): given, any other is
   * refused, since a misspelt version's clause would never apply and the trace would be judged
   * by its main result there without a word.
   */
  readonly versions?: readonly string[];
}

/** C prototypes, as the arity messages print them; `[x]` marks an optional argument. */
const PROTOTYPES: Readonly<Record<CallStmt['call'], readonly string[]>> = {
  mmap: ['addr', 'length', 'prot', 'flags', 'fd', 'offset'],
  munmap: ['addr', 'length'],
  mprotect: ['addr', 'len', 'prot'],
  mremap: ['old_address', 'old_size', 'new_size', 'flags', '[new_address]'],
  mlock: ['addr', 'len'],
  mlock2: ['addr', 'len', 'flags'],
  munlock: ['addr', 'len'],
  mlockall: ['flags'],
  munlockall: [],
  madvise: ['addr', 'length', 'advice'],
  read: ['addr'],
  write: ['addr', '[byte]'],
  tmpfile: ['len'],
  fusefile: ['len'],
  memfd_secret: ['len'],
  existing: ['"[name]"'],
  brk: ['addr'],
  execve: [],
  setrlimit: ['resource', 'limit'],
  capset: ['cap', 'on'],
};

/**
 * The first argument of the calls that change what the model keeps of the process's limits
 * and credentials: only these resources and capabilities have a place in its state
 * (src/kernel/setrlimit.ts, capset.ts).
 */
const KEPT_BY_THE_MODEL: Partial<Record<CallStmt['call'], readonly string[]>> = {
  setrlimit: ['RLIMIT_MEMLOCK', 'RLIMIT_DATA'],
  capset: ['CAP_IPC_LOCK'],
};

/** Checks a parsed program; returns the constants its names resolve against. */
export function resolveProgram(program: Program, options: ResolveOptions = {}): Constants {
  // First, and without recursion: the walks below recurse once per nested fork block.
  checkForkLimits(program);
  const constants = constantTable(options.extraConstants);
  const r = new Resolver(program, constants, options);
  const limits = [
    ['RLIMIT_MEMLOCK', program.directives.rlimitMemlock?.value],
    ['RLIMIT_DATA', program.directives.rlimitData?.value],
  ] as const;
  for (const [resource, limit] of limits) {
    if (limit === undefined || limit === 'unlimited') continue;
    const expected = 'a number of bytes (16P, 65536) or unlimited';
    r.expr(limit, new Set(), expected);
    // setrlimit takes an unsigned rlim_t, but a negative limit is a mistake in a trace, not
    // a way to write RLIM_INFINITY: that is `unlimited`.
    const value = signed(evaluate(limit, (name) => constants.get(name)));
    if (value < 0n) r.fail(limit.pos, `${resource} of ${value} bytes is negative`, expected);
  }
  r.block(program.body, new Set());
  return constants;
}

class Resolver {
  /** Every name the program binds anywhere, with the first line, for "used before bound". */
  private readonly boundAnywhere = new Map<string, number>();
  /** While a thread's calls are resolved: names its group binds, and why they are not seen. */
  private readonly threadBound = new Map<string, string>();

  constructor(
    private readonly program: Program,
    private readonly constants: Constants,
    private readonly options: ResolveOptions = {},
  ) {
    const collect = (body: readonly Stmt[]): void => {
      for (const s of body) {
        if (s.kind === 'fork') collect(s.body);
        else if (s.kind === 'threads') collect(s.threads.flatMap((t) => t.body));
        else if (s.kind === 'call' && s.bind && !this.boundAnywhere.has(s.bind.name)) {
          this.boundAnywhere.set(s.bind.name, s.pos.line);
        }
      }
    };
    collect(program.body);
  }

  fail(pos: Expr['pos'], message: string, expected: string, width = 1): never {
    const { file, source } = this.program;
    throw new TraceError({ file, source, pos, message, expected, width });
  }

  block(body: readonly Stmt[], scope: ReadonlySet<string>): void {
    const names = new Set(scope);
    for (const stmt of body) {
      if (stmt.kind === 'fork') this.block(stmt.body, names);
      else if (stmt.kind === 'check') this.check(stmt, names);
      else if (stmt.kind === 'threads') this.threads(stmt, names);
      else this.call(stmt, names);
    }
  }

  /** Each thread sees the names bound before the group; the group's names count after it. */
  private threads(stmt: ThreadsStmt, names: Set<string>): void {
    for (const step of stmt.schedule?.steps ?? [])
      if (step.until === 'fault') this.expr(step.addr, names);
    // Every argument is evaluated when the threads start (a ThreadGroup holds concrete
    // calls), so a thread's call reads only names bound before the group.
    const after = new Set(names);
    for (const t of stmt.threads) {
      for (const other of stmt.threads) {
        if (other === t) continue;
        const why = `in thread ${other.name}: another thread does not see it`;
        for (const c of other.body) if (c.bind) this.threadBound.set(c.bind.name, why);
      }
      for (const c of t.body) {
        const scope = new Set(names);
        this.call(c, scope);
        if (c.bind) {
          after.add(c.bind.name);
          const why = `earlier in thread ${t.name}: a thread's arguments are evaluated when the threads start`;
          this.threadBound.set(c.bind.name, why);
        }
      }
      this.threadBound.clear();
    }
    for (const n of after) names.add(n);
  }

  private call(stmt: CallStmt, names: Set<string>): void {
    this.arity(stmt);
    for (const arg of stmt.args) {
      if (stmt.call !== 'existing') this.expr(arg, names);
      else if (arg.kind !== 'string') {
        this.fail(
          arg.pos,
          'existing takes the name of a mapping in quotes',
          'a mapping name in quotes: existing("[vvar]"), "[vdso]", "[stack]" or "[heap]"',
        );
      }
    }
    this.keptByTheModel(stmt);
    for (const j of stmt.inject ?? []) this.expr(j.addr, names);
    if (stmt.expect) this.expectation(stmt.expect, names);
    for (const v of stmt.versions ?? []) {
      this.versionNames(v);
      this.expectation(v.expect, names);
    }
    if (stmt.bind) this.bind(stmt, stmt.bind, names);
  }

  /** An `on` clause's names, each one a model or kernel the options know. */
  private versionNames(clause: VersionClause): void {
    const known = this.options.versions;
    if (known === undefined) return;
    clause.versions.forEach((name, i) => {
      if (known.includes(name)) return;
      this.fail(
        clause.versionPos?.[i] ?? clause.pos,
        `no model or kernel is named '${name}'${didYouMean(name, known)}`,
        'a model of mmspec models, a kernel target of mmspec kernels, or host',
        name.length,
      );
    });
  }

  /** setrlimit's resource and capset's capability: a constant the model keeps a place for. */
  private keptByTheModel(stmt: CallStmt): void {
    const kept = KEPT_BY_THE_MODEL[stmt.call];
    const first = stmt.args[0];
    if (kept === undefined || first === undefined) return;
    const value = (name: string) => this.constants.get(name);
    const wanted = kept.map(value);
    const allConstant = (e: Expr): boolean =>
      foldExpr<boolean>(e, {
        leaf: (l) => l.kind !== 'name' || this.constants.has(l.name),
        unary: (_e, a) => a,
        binary: (_e, a, b) => a && b,
      });
    if (allConstant(first) && wanted.includes(evaluate(first, value))) return;
    this.fail(
      first.pos,
      `${stmt.call} of a ${stmt.call === 'setrlimit' ? 'resource' : 'capability'} the model does not keep`,
      kept.join(' or '),
    );
  }

  private expectation(expect: Expectation, names: ReadonlySet<string>): void {
    if (expect.kind === 'not') this.expectation(expect.of, names);
    if (expect.kind === 'set') for (const m of expect.members) this.expectation(m, names);
    if (expect.kind === 'value') this.expr(expect.value, names);
    if (expect.kind === 'errno' && !isErrno(expect.errno)) {
      const hint = closest(expect.errno, ERRNO_NAMES);
      this.fail(
        expect.pos,
        `unknown errno '${expect.errno}'`,
        `an errno name: ${hint ? `did you mean ${hint}? ` : ''}(${ERRNO_NAMES.join(' ')})`,
        expect.errno.length,
      );
    }
  }

  private bind(stmt: CallStmt, bind: NonNullable<CallStmt['bind']>, names: Set<string>): void {
    if (!ADDRESS_CALLS.has(stmt.call) && !FD_CALLS.has(stmt.call)) {
      this.fail(
        bind.pos,
        `${stmt.call} returns nothing to bind`,
        `a call without a name: only mmap, mremap, existing, brk, tmpfile, fusefile and memfd_secret bind one`,
        bind.name.length,
      );
    }
    if (this.constants.has(bind.name)) {
      this.fail(
        bind.pos,
        `'${bind.name}' is a constant and cannot name a region`,
        'a new name such as a, b or buf',
        bind.name.length,
      );
    }
    names.add(bind.name);
  }

  private arity(stmt: CallStmt): void {
    const params = PROTOTYPES[stmt.call];
    const max = params.length;
    const min = params.filter((p) => !p.startsWith('[')).length;
    const got = stmt.args.length;
    if (got >= min && got <= max) return;
    const count = min === max ? `${min}` : `${min} or ${max}`;
    const s = max === 1 ? '' : 's';
    this.fail(
      stmt.callPos,
      `${stmt.call} takes ${count} argument${s}, got ${got}`,
      `${stmt.call}(${params.join(', ')})`,
      stmt.call.length,
    );
  }

  private check(stmt: CheckStmt, names: ReadonlySet<string>): void {
    for (const e of observableOperands(stmt.observable)) this.expr(e, names);
    const words = stmt.observable.kind === 'page' ? 'page' : 'vmflags';
    this.checkSpec(stmt.spec, names, words);
    for (const v of stmt.versions ?? []) {
      this.versionNames(v);
      this.checkSpec(v.spec, names, words);
    }
    if (this.options.probes === true) return;
    this.observedLength(stmt.observable);
    for (const spec of [stmt.spec, ...(stmt.versions ?? []).map((v) => v.spec)])
      this.patternLength(stmt.observable, spec);
  }

  /**
   * The length a `pages` or `vmas` check reads, where it is a constant: not negative, and for
   * `pages` within what one check may read (the runner's safety budget, runner.ts
   * concreteObservable), so that a check no engine could run is refused when the trace loads.
   */
  private observedLength(o: CheckStmt['observable']): void {
    if (o.kind !== 'pages' && o.kind !== 'vmas') return;
    let len: bigint;
    try {
      len = evaluate(o.len, (name) => this.constants.get(name));
    } catch {
      return;
    }
    const text = printExpr(o.len);
    const at = startOf(o.len);
    const call = `${o.kind}(${printExpr(o.addr)}, ${text})`;
    // Lengths are 64-bit, as the kernel's size_t: -1 reads as 2^64 - 1.
    if (signed(len) < 0n)
      this.fail(
        at,
        `${call} reads a negative length (${signed(len)} bytes)`,
        'a length of 0 bytes or more (4P, 4096)',
        text.length,
      );
    if (o.kind !== 'pages') return;
    const pages = observedPages(0n, len);
    if (pages > MAX_OBSERVED_PAGES)
      this.fail(
        at,
        `${call} reads ${pages} pages: one check reads at most ${MAX_OBSERVED_PAGES} pages (128 MiB)`,
        `a length of at most ${MAX_OBSERVED_PAGES}P`,
        text.length,
      );
  }

  /**
   * A `pages` pattern that no address could give the length it reads, where that length is a
   * constant: `pages(ADDR, LEN)` reads the pages [ADDR, ADDR + LEN) meets, LEN / 4096 rounded
   * up from a page-aligned ADDR, one more at most from another (kernel and model alike).
   */
  private patternLength(o: CheckStmt['observable'], spec: CheckSpec): void {
    if (o.kind !== 'pages' || spec.kind !== 'pattern') return;
    let len: bigint;
    try {
      len = evaluate(o.len, (name) => this.constants.get(name));
    } catch {
      return;
    }
    const parsed = parsePattern(spec.pattern);
    if (!parsed.ok) return;
    const have = BigInt(parsed.pages.length);
    // From a page-aligned address, and from the last byte of a page.
    const least = observedPages(0n, len);
    // A range past what any engine reads stops the run there, by the safety budget.
    if (least > MAX_OBSERVED_PAGES) return;
    const most = len === 0n ? 0n : observedPages(4095n, len);
    if (have >= least && have <= most) return;
    const line = this.program.source.split(/\r?\n/)[spec.pos.line - 1] ?? '';
    const quote = line.indexOf('"', spec.pos.column - 1);
    const pos = quote < 0 ? spec.pos : { line: spec.pos.line, column: quote + 1 };
    const letters = (n: bigint) => `${n} letter${n === 1n ? '' : 's'}`;
    this.fail(
      pos,
      `the pattern has ${letters(have)}, but pages(${printExpr(o.addr)}, ${printExpr(o.len)}) reads ${least} page${least === 1n ? '' : 's'}${most > least ? ` (${most} from an address not page-aligned)` : ''}`,
      `a pattern of ${letters(least)}, one a page`,
      spec.pattern.length + 2,
    );
  }

  private checkSpec(spec: CheckSpec, names: ReadonlySet<string>, words: 'page' | 'vmflags'): void {
    if (spec.kind === 'numeric') this.expr(spec.value, names);
    if (spec.kind === 'extent' && spec.extent !== 'none') {
      this.expr(spec.extent.start, names);
      this.expr(spec.extent.end, names);
    }
    if (spec.kind === 'mnemonics' && words === 'page') this.pageFlags(spec);
    else if (spec.kind === 'mnemonics') this.mnemonics(spec);
  }

  /** Each word after `page(ADDR) has/lacks` is a flag the engines read (src/uapi/pageFlags.ts). */
  private pageFlags(spec: Extract<CheckStmt['spec'], { kind: 'mnemonics' }>): void {
    for (const [i, m] of spec.mnemonics.entries()) {
      if (isPageFlag(m)) continue;
      const line = this.program.source.split(/\r?\n/)[spec.pos.line - 1] ?? '';
      const column = findWord(line, m, spec.pos.column, i) ?? spec.pos.column;
      const hint = closest(m, PAGE_FLAGS);
      this.fail(
        { line: spec.pos.line, column },
        `unknown page flag '${m}'`,
        `a page flag${hint ? ` (did you mean ${hint}?)` : ''}: ${PAGE_FLAGS.join(' ')}`,
        m.length,
      );
    }
  }

  /** Each mnemonic is one the models track (src/uapi/vmFlags.ts), so a typo cannot pass. */
  private mnemonics(spec: Extract<CheckStmt['spec'], { kind: 'mnemonics' }>): void {
    for (const [i, m] of spec.mnemonics.entries()) {
      const wellFormed = /^[a-z0-9]{2}$/.test(m);
      if (wellFormed && MODELLED_MNEMONICS.includes(m)) continue;
      // The parser keeps no position a mnemonic; find it on the line after the operator.
      const line = this.program.source.split(/\r?\n/)[spec.pos.line - 1] ?? '';
      const column = findWord(line, m, spec.pos.column, i) ?? spec.pos.column;
      const hint = wellFormed ? closest(m, MODELLED_MNEMONICS) : undefined;
      this.fail(
        { line: spec.pos.line, column },
        wellFormed ? `unknown VmFlags mnemonic '${m}'` : `bad VmFlags mnemonic '${m}'`,
        wellFormed
          ? `a mnemonic the models track${hint ? ` (did you mean ${hint}?)` : ''}: ${MODELLED_MNEMONICS.join(' ')}`
          : 'a two-letter mnemonic as /proc/self/smaps prints it (lo, lf, io, pf)',
        m.length,
      );
    }
  }

  expr(expr: Expr, names: ReadonlySet<string>, expected?: string): void {
    foldExpr<void>(expr, {
      leaf: (e) => this.leaf(e, names, expected),
      unary: () => undefined,
      binary: () => undefined,
    });
  }

  private leaf(expr: LeafExpr, names: ReadonlySet<string>, expected?: string): void {
    switch (expr.kind) {
      case 'number':
      case 'pages':
        return;
      case 'string':
        return this.fail(
          expr.pos,
          `a string is not a number`,
          expected ??
            'a number, a flag or a region name (strings only name mappings: existing("[vvar]"))',
        );
      case 'name':
        if (names.has(expr.name) || this.constants.has(expr.name)) return;
        return this.unknownName(expr.name, expr.pos, names, expected);
    }
  }

  private unknownName(
    name: string,
    pos: Expr['pos'],
    names: ReadonlySet<string>,
    expected?: string,
  ): never {
    const width = name.length;
    const why = this.threadBound.get(name);
    if (why !== undefined) {
      this.fail(
        pos,
        `'${name}' is bound ${why}`,
        'a name bound before the threads (the names a thread binds count after the group)',
        width,
      );
    }
    const line = this.boundAnywhere.get(name);
    if (line !== undefined && expected === undefined) {
      if (line > pos.line) {
        this.fail(
          pos,
          `'${name}' is used before it is bound`,
          `a name bound by an earlier statement ('${name}' is bound on line ${line}, later)`,
          width,
        );
      }
      this.fail(
        pos,
        `'${name}' is not bound here`,
        `a name bound by an earlier statement ('${name}' is bound on line ${line}, inside a fork block that has ended)`,
        width,
      );
    }
    const owners = this.options.addedBy?.(name) ?? [];
    if (owners.length > 0) {
      const { model, modelUnregistered = false } = this.options;
      const on = model === undefined ? '' : ` of model ${model}`;
      const which = owners.length === 1 ? (owners[0] ?? '') : `one of ${owners.join(', ')}`;
      const fix = modelUnregistered
        ? `the names of the trace's own model, which no registry knows (a model file's): run it with --model FILE, the file its header names; --model ${which} runs another design, whose ${name} may differ`
        : `a constant of this model, or run the trace with --model ${which}`;
      this.fail(
        pos,
        `'${name}' is not a constant${on}: it is a name ${owners.join(', ')} ${owners.length === 1 ? 'adds' : 'add'}`,
        fix,
        width,
      );
    }
    const hint = closest(name, [...names, ...this.constants.keys()]);
    const what =
      expected ?? 'a uapi constant such as MAP_PRIVATE, or a name bound by an earlier statement';
    this.fail(pos, `unknown name '${name}'`, hint ? `${what}; did you mean ${hint}?` : what, width);
  }
}

/** The 1-based column of the `nth` word of the line after `from`, when it is `word`. */
function findWord(line: string, word: string, from: number, nth: number): number | undefined {
  const re = /\S+/g;
  re.lastIndex = from - 1;
  re.exec(line); // the operator itself
  for (let i = 0, m = re.exec(line); m !== null; i++, m = re.exec(line)) {
    if (i === nth) return m[0] === word ? m.index + 1 : undefined;
  }
  return undefined;
}

/** Where an expression starts in its line: the leftmost operand of an operator. */
function startOf(e: Expr): Expr['pos'] {
  return e.kind === 'binary' ? startOf(e.left) : e.pos;
}
