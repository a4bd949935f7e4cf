// A trace as a self-checking C program: it makes the trace's calls on the real kernel, reads
// the observables its checks name, compares each with what the model predicted, prints every
// difference and exits 1 (0 when the kernel behaves as the model predicts; 3 when it cannot set
// up the process the trace asks for). Generated from the Program, one C statement a line.

import type { CallStmt, CheckStmt, Expr, Observable, Program, Stmt } from '../../trace/ast.js';
import { printCheckSpec, printObservable, printStatementHead } from '../../trace/printer.js';
import { checkSpecOn, expectationOn } from '../../trace/versionExpectation.js';
import { UAPI_CONSTANTS } from '../../uapi/uapiConstants.js';
import { mremapNullHint } from '../../trace/bindings.js';
import { evaluate } from '../../trace/evaluate.js';
import { observablesSource } from '../observablesSource.js';
import { C_PRELUDE_CHECKS, C_PRELUDE_HEAD } from './_internals/cPrelude.js';
import { C_PRELUDE_PROCESS } from './_internals/cProcess.js';

export interface EmitOptions {
  /** The model whose predictions the program checks. */
  readonly model: string;
  /** What the program shows, for its opening comment. */
  readonly title: string;
  /** The trace starts with VM_NOHUGEPAGE in def_flags (kernel bound setup defNoHugepage). */
  readonly defNoHugepage?: boolean;
  /**
   * The executor's own data as the model takes it (src/kernel/dataLimit.ts:executorData). A
   * trace that limits RLIMIT_DATA needs it: the program pads its own data to it first, so the
   * limit bites where the model says; without it such a trace has no C form.
   */
  readonly programData?: { readonly dataVmPages: number; readonly brkDataBytes: bigint };
  /**
   * The file of the trace the program was made from, as it is written beside it: a check that
   * differs is then reported as `FILE:LINE`, a line of that file (else `line LINE`).
   */
  readonly traceFile?: string;
}

const SYSCALLS: Readonly<Record<string, string>> = {
  mmap: 'SYS_mmap',
  munmap: 'SYS_munmap',
  mprotect: 'SYS_mprotect',
  mremap: 'SYS_mremap',
  mlock: 'SYS_mlock',
  mlock2: 'SYS_mlock2',
  munlock: 'SYS_munlock',
  mlockall: 'SYS_mlockall',
  munlockall: 'SYS_munlockall',
  madvise: 'SYS_madvise',
  brk: 'SYS_brk',
};
const CONSTANTS = new Map(UAPI_CONSTANTS.map((c) => [c.name, c.value]));

/** The reader of observables.h each numeric observable of the process is read with. */
const BYTE_READERS: Partial<Record<Observable['kind'], string>> = {
  VmLck: 'vmlck_bytes',
  VmData: 'vmdata_bytes',
  AnonHugePages: 'anon_huge_bytes',
};

/**
 * Names the C program uses itself in main(): its locals, what it calls, the macros of the
 * prelude and of observables.h, C keywords. A trace variable of such a name (`e = mmap(...)`)
 * is written with a trailing underscore, so every trace compiles.
 */
const TAKEN: ReadonlySet<string> = new Set([
  ...['r', 'e', 'pid', 'probe', 'main', 'errno', 'stdout', 'failures', 'checks'],
  ...['expect', 'access_byte', 'make_tmpfile', 'syscall', 'fork', 'wait_child', '_exit'],
  ...['check_pages', 'check_vmflags', 'check_def_flags', 'check_vma', 'check_page'],
  ...['check_bytes', 'vmlck_bytes', 'vmdata_bytes', 'anon_huge_bytes', 'set_thp'],
  ...['trace_existing', 'pad_program_data', 'PAD_HINT', 'heap_through_fork', 'check_vmas'],
  ...['printf', 'setvbuf', 'prctl', 'take_baseline', 'set_rlimit_memlock', 'set_rlimit_data'],
  ...['drop_cap_ipc_lock', 'def_flags_of', 'has_mnemonic', 'pid_t'],
  ...['trace_setrlimit', 'trace_capset', 'drop_cap_sys_resource'],
  ...['MODEL', 'HELPER', 'OBSERVABLE', 'PAGE', 'REGION_BASE', 'REGION_STRIDE', 'REGION_HINT'],
  ...['PAGE_SHIFT', 'PROBE_HINT', 'STACK_RESERVE', 'KPF_ZERO_PAGE', 'KPF_MLOCKED'],
  ...['PM_PRESENT', 'PM_PFN_MASK', 'MMSPEC_OBSERVABLES_H', 'NULL'],
  ...['auto', 'break', 'case', 'char', 'const', 'continue', 'default', 'do', 'double', 'else'],
  ...['enum', 'extern', 'float', 'for', 'goto', 'if', 'inline', 'int', 'long', 'register'],
  ...['restrict', 'return', 'short', 'signed', 'sizeof', 'static', 'struct', 'switch'],
  ...['typedef', 'union', 'unsigned', 'void', 'volatile', 'while'],
]);
const cName = (name: string): string => (TAKEN.has(name) ? `${name}_` : name);
const cString = (s: string): string => JSON.stringify(s);

class Emitter {
  readonly lines: string[] = [];
  readonly names = new Set<string>();
  readonly constants = new Set<string>();
  private hint = 0;
  private depth = 1;

  /** `model`: the version whose `on` clauses the program checks (src/trace/versionExpectation.ts). */
  constructor(private readonly model: string) {}

  emit(line: string): void {
    this.lines.push(`${'\t'.repeat(this.depth)}${line}`);
  }

  expr(e: Expr, nullHint = false): string {
    switch (e.kind) {
      case 'number':
        return `${e.value.toString()}UL`;
      case 'pages':
        return `(${e.count.toString()} * PAGE)`;
      case 'string':
        return cString(e.value);
      case 'name':
        if (e.name === 'NULL') return nullHint ? `REGION_HINT(${this.hint++})` : '0UL';
        if (e.name === 'PAGE_SIZE') return 'PAGE';
        if (CONSTANTS.has(e.name)) {
          this.constants.add(e.name);
          return e.name;
        }
        this.names.add(cName(e.name));
        return cName(e.name);
      case 'unary':
        return `${e.op}(unsigned long)${this.expr(e.arg)}`;
      case 'binary':
        return `(${this.expr(e.left)} ${e.op} ${this.expr(e.right)})`;
    }
  }

  /** Argument `i` of `s` when it is made of constants alone (flags); 0 otherwise. */
  private constantFlags(s: CallStmt, i: number): bigint {
    const a = s.args[i];
    try {
      return a === undefined ? 0n : evaluate(a, (n) => CONSTANTS.get(n));
    } catch {
      throw new RangeError(`emitC: line ${s.pos.line}: the flags of ${s.call} name a variable`);
    }
  }

  call(s: CallStmt): void {
    const line = s.pos.line;
    const text = cString(printStatementHead(s));
    // The environment's answers need the executor's userfaultfd and MADV_HWPOISON support.
    if (s.inject !== undefined && s.inject.length > 0)
      throw new RangeError(
        `emitC: line ${line} injects a fault; run the trace with mmspec run --kernel instead`,
      );
    // mremap's NULL new_address beside MREMAP_DONTUNMAP alone is a region spot, as the runner
    // places it (src/trace/bindings.ts:mremapNullHint); its flags are constants.
    const nullAddr = s.args[4]?.kind === 'name' && s.args[4].name === 'NULL';
    const mremapHint =
      s.call === 'mremap' && nullAddr && mremapNullHint(s, this.constantFlags(s, 3));
    const args = s.args.map(
      (a, i) =>
        `(unsigned long)${this.expr(a, (s.call === 'mmap' && i === 0) || (mremapHint && i === 4))}`,
    );
    let call: string;
    if (s.call === 'read' || s.call === 'write')
      call = `access_byte(${args[0] ?? '0'}, ${s.call === 'write' ? 1 : 0}, ${s.call === 'write' ? (args[1] ?? '1') : '0'})`;
    else if (s.call === 'tmpfile') call = `make_tmpfile(${args[0] ?? '0'})`;
    else if (s.call === 'existing' && s.args[0]?.kind === 'string')
      call = `trace_existing(${this.expr(s.args[0])})`;
    else if (s.call === 'setrlimit' || s.call === 'capset')
      call = `trace_${s.call}(${args[0] ?? '0'}, ${args[1] ?? '0'})`;
    else {
      const nr = SYSCALLS[s.call];
      if (nr === undefined) throw new RangeError(`emitC: the trace's ${s.call} has no C form`);
      call = `syscall(${[nr, ...args].join(', ')})`;
    }
    this.emit(`r = ${call}, e = errno; /* line ${line} */`);
    if (s.bind !== undefined) {
      const name = cName(s.bind.name);
      this.names.add(name);
      // A failed call binds its name too, as the runner does (src/trace/bindings.ts): an mmap
      // to the spot it asked for, so later statements fail as they would on the model.
      const hint = s.call === 'mmap' && s.args[0]?.kind === 'name' && s.args[0].name === 'NULL';
      this.emit(
        hint
          ? `${name} = r == -1 ? REGION_HINT(${this.hint - 1}) : (unsigned long)r;`
          : `${name} = (unsigned long)r;`,
      );
    }
    const x = expectationOn(s, this.model);
    if (x === undefined) return;
    if (x.kind === 'errno') this.emit(`expect(${line}, ${text}, r, e, -1, ${x.errno});`);
    else if (x.kind === 'signal') this.emit(`expect(${line}, ${text}, r, 0, -${x.signal}, 0);`);
    else if (x.kind === 'hang') throw new RangeError(`emitC: line ${line} expects a hang`);
    else if (x.kind === 'set')
      throw new Error(`line ${line}: a set of results cannot be written as C yet`);
    else if (x.kind === 'not')
      throw new Error(`line ${line}: an expectation '!=' cannot be written as C yet`);
    else this.emit(`expect(${line}, ${text}, r, e, (long)${this.expr(x.value)}, 0);`);
  }

  check(c: CheckStmt): void {
    const line = c.pos.line;
    const o = c.observable;
    const spec = checkSpecOn(c, this.model);
    // The check as the model's version states it: what follows `check ` is the prediction.
    const text = cString(`check ${printObservable(o)} ${printCheckSpec(spec)}`);
    const reader = BYTE_READERS[o.kind];
    if (o.kind === 'pages' && spec.kind === 'pattern' && spec.op === '=')
      this.emit(
        `check_pages(${line}, ${text}, ${this.expr(o.addr)}, ${this.expr(o.len)}, ${cString(spec.pattern)});`,
      );
    else if (o.kind === 'vmflags' && spec.kind === 'mnemonics')
      this.emit(
        `check_vmflags(${line}, ${text}, ${this.expr(o.addr)}, ${cString(spec.mnemonics.join(' '))}, ${spec.op === 'has' ? 1 : 0});`,
      );
    else if (o.kind === 'vmflags' && spec.kind === 'absent' && spec.op === '=')
      this.emit(`check_vma(${line}, ${text}, ${this.expr(o.addr)}, 0, 0);`);
    else if (o.kind === 'def_flags' && spec.kind === 'mnemonics')
      this.emit(
        `check_def_flags(${line}, ${text}, ${cString(spec.mnemonics.join(' '))}, ${spec.op === 'has' ? 1 : 0});`,
      );
    else if (o.kind === 'vma' && spec.kind === 'extent' && spec.op === '=')
      this.emit(
        spec.extent === 'none'
          ? `check_vma(${line}, ${text}, ${this.expr(o.addr)}, 0, 0);`
          : `check_vma(${line}, ${text}, ${this.expr(o.addr)}, ${this.expr(spec.extent.start)}, ${this.expr(spec.extent.end)});`,
      );
    else if (reader !== undefined && spec.kind === 'numeric')
      this.emit(
        `check_bytes(${line}, ${text}, ${cString(o.kind)}, ${reader}, ${cString(spec.op)}, ${this.expr(spec.value)});`,
      );
    else if (o.kind === 'vmas' && spec.kind === 'numeric')
      this.emit(
        `check_vmas(${line}, ${text}, ${this.expr(o.addr)}, ${this.expr(o.len)}, ${cString(spec.op)}, ${this.expr(spec.value)});`,
      );
    else if (o.kind === 'page' && spec.kind === 'mnemonics')
      this.emit(
        `check_page(${line}, ${text}, ${this.expr(o.addr)}, ${cString(spec.mnemonics.join(' '))}, ${spec.op === 'has' ? 1 : 0});`,
      );
    else this.emit(`/* line ${line}: ${printStatementHead(c)} — no C form yet, skipped */`);
  }

  block(body: readonly Stmt[]): void {
    for (const s of body) {
      if (s.kind === 'call') this.call(s);
      else if (s.kind === 'check') this.check(s);
      else if (s.kind === 'threads') {
        throw new Error(`line ${s.pos.line}: thread blocks cannot be written as C yet`);
      } else {
        this.emit(`{ /* line ${s.pos.line}: fork { ... } */`);
        this.depth++;
        this.emit('pid_t pid = fork();');
        this.emit('if (pid == 0) {');
        this.depth++;
        this.block(s.body);
        this.emit('_exit(failures ? 1 : 0);');
        this.depth--;
        this.emit('}');
        this.emit('failures += wait_child(pid);');
        this.depth--;
        this.emit('}');
      }
    }
  }
}

function setup(p: Program, o: EmitOptions, em: Emitter): string[] {
  // THP off unless `thp on`, as the executor runs every trace (executor.c:trace_main, do_thp).
  const lines: string[] = [`\tset_thp(${p.directives.thp?.on === true ? 1 : 0});`];
  const r = p.directives.rlimitMemlock;
  if (r !== undefined && r.value !== 'unlimited')
    lines.push(`\tset_rlimit_memlock(${em.expr(r.value)});`);
  const d = p.directives.rlimitData;
  if (d !== undefined && d.value !== 'unlimited')
    lines.push(`\tset_rlimit_data(${em.expr(d.value)});`);
  if (p.directives.capIpcLock?.on === false) lines.push('\tdrop_cap_ipc_lock();');
  if (calls(p.body, 'setrlimit')) lines.push('\tdrop_cap_sys_resource();');
  if (o.defNoHugepage === true)
    lines.push(
      '\t/* The model starts with VM_NOHUGEPAGE in def_flags (s390 KVM; PR_SET_THP_DISABLE 3.15-4.12). */',
      '\tchar probe[256];',
      '\tdef_flags_of(probe, sizeof probe);',
      '\tif (!has_mnemonic(probe, "nh")) {',
      `\t\tprintf("cannot set up the trace: def_flags has no VM_NOHUGEPAGE on this kernel (PR_SET_THP_DISABLE sets MMF_DISABLE_THP since 4.13, not def_flags);\\nthe behaviour of model %s is not observable here\\n", MODEL);`,
      '\t\treturn 3;',
      '\t}',
    );
  return lines;
}

export function emitC(program: Program, o: EmitOptions): string {
  const em = new Emitter(o.model);
  // The executor has a heap of the model's size and data the model counts: a trace whose
  // results hang on them gets the same here.
  const needsData = limitsData(program) || usesBrk(program.body) || calls(program.body, 'existing');
  const pad = needsData ? padding(o) : [];
  const pre = setup(program, o, em);
  em.block(program.body);
  const fallbacks = [...em.constants].map(
    (n) => `#ifndef ${n}\n#define ${n} ${(CONSTANTS.get(n) ?? 0n).toString()}UL\n#endif`,
  );
  const vars = [...em.names].sort();
  // The title's first line opens the comment; the rest (the trace) follows, each line starred.
  const [head = '', ...rest] = o.title.split('\n');
  return [
    `/* ${head}`,
    ` * Generated by mmspec check --emit-c from the trace below; checks what model ${o.model} predicts.`,
    ' * Build: cc -Wall -Werror -o repro THIS.c   Run as root (pagemap PFNs, /proc/kpageflags).',
    ' * Exit: 0 the kernel behaves as the model predicts, 1 it differs, 3 cannot set up.',
    ...rest.map((l) => ` * ${l}`),
    ' */',
    `#define MODEL ${cString(o.model)}`,
    `#define LINE_AT ${cString(o.traceFile === undefined ? 'line ' : `${o.traceFile}:`)}`,
    C_PRELUDE_HEAD,
    '/* ---- src/oracle/observables.h of mmspec, verbatim: the readers the executor uses too ---- */',
    observablesSource(),
    '/* ---- end of src/oracle/observables.h ---- */',
    '',
    C_PRELUDE_CHECKS,
    C_PRELUDE_PROCESS,
    ...fallbacks,
    '',
    'int main(void)',
    '{',
    '\tlong r = 0;',
    '\tint e = 0;',
    ...(vars.length > 0 ? [`\tunsigned long ${vars.map((v) => `${v} = 0`).join(', ')};`] : []),
    '\tsetvbuf(stdout, NULL, _IONBF, 0);',
    '\tpin_to_one_cpu(); /* as the executor runs a trace: mlock batches are per CPU */',
    ...pad,
    ...(usesBrk(program.body) ? ['\theap_through_fork();'] : []),
    '\ttake_baseline();',
    ...(usesBrk(program.body)
      ? [
          '\t/* The break on a page boundary, as the executor puts it (spec/trace-format.md). */',
          '\tsyscall(SYS_brk, ((unsigned long)syscall(SYS_brk, 0) + 4095) & ~4095UL);',
        ]
      : []),
    ...pre,
    ...em.lines,
    `\t(void)r, (void)e${vars.map((v) => `, (void)${v}`).join('')};`,
    '\tif (failures) {',
    `\t\tprintf("the kernel does not behave like model %s: %d of %d checks differ\\n", MODEL, failures, checks);`,
    '\t\treturn 1;',
    '\t}',
    `\tprintf("the kernel behaves as model %s predicts (%d checks)\\n", MODEL, checks);`,
    '\treturn 0;',
    '}',
    '',
  ].join('\n');
}

/**
 * Whether a trace calls brk: then the program aligns its break, as the executor does, and runs
 * the trace in a forked child (heap_through_fork), so that its heap came through fork like the
 * executor's and brk growth stays apart from it as in the models (semantics 20).
 */
function usesBrk(body: readonly Stmt[]): boolean {
  return calls(body, 'brk');
}

/** Whether the trace limits RLIMIT_DATA: by its directive, or by a setrlimit of it mid-trace. */
function limitsData(p: Program): boolean {
  const d = p.directives.rlimitData;
  if (d !== undefined && d.value !== 'unlimited') return true;
  const setsData = (body: readonly Stmt[]): boolean =>
    body.some((s) =>
      s.kind === 'fork'
        ? setsData(s.body)
        : s.kind === 'call' &&
          s.call === 'setrlimit' &&
          s.args[0]?.kind === 'name' &&
          s.args[0].name === 'RLIMIT_DATA',
    );
  return setsData(p.body);
}

/** The lines that pad the program's data to the executor's, before the baseline. */
function padding(o: EmitOptions): string[] {
  const d = o.programData;
  if (d === undefined)
    throw new RangeError(
      "emitC: the trace limits RLIMIT_DATA, calls brk or binds an existing mapping; pass programData (the model's figures of the executor's own data)",
    );
  return [
    "\t/* The heap and data of this program made the executor's, as the model counts them. */",
    `\tpad_program_data(${d.dataVmPages.toString()}UL, ${d.brkDataBytes.toString()}UL);`,
  ];
}

/** Whether a trace makes a call of this name, in a fork block too. */
function calls(body: readonly Stmt[], name: CallStmt['call']): boolean {
  return body.some((s) =>
    s.kind === 'fork' ? calls(s.body, name) : s.kind === 'call' && s.call === name,
  );
}
