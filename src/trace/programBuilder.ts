// The one way mmspec turns a run into a trace: counterexamples (src/check), diff findings
// (src/review), conformance traces (src/conform) and statechart paths (src/graph) all add their
// calls, fork blocks and checks here and print the Program it builds with the printer.
//
// Regions are numbered as the runner places NULL-hint mmaps (src/uapi/engine.ts:regionHint).
// An address in region k is written relative to the name bound to it, where one is in scope;
// else (the mmap that would have bound it failed, or bound it inside a fork block that has
// ended) as the computed address `0x200040000000 + 1P`: a failed mmap binds no region.

import { REGION_BASE, REGION_STRIDE, regionHint } from '../uapi/engine.js';
import { PAGE_SIZE } from '../uapi/constants.js';
import type { CallName } from '../uapi/callName.js';
import type {
  CallStmt,
  CheckStmt,
  Directives,
  Expectation,
  Expr,
  InjectClause,
  Program,
  ScheduleStepSyntax,
  Stmt,
} from './ast.js';
import { parse } from './parser.js';
import { print } from './printer.js';
import { NOWHERE, byteCount, named, num, offset } from './syntax.js';

/** The process a run starts as, as its directives state it (trace-format.md). */
export interface ProcessSetup {
  readonly capIpcLock: boolean;
  /** RLIMIT_MEMLOCK in bytes, or null for unlimited (the default, so no line). */
  readonly rlimitBytes: number | null;
}

export interface ProgramHead {
  /** The label errors and reports name the trace by (`<counterexample NAME>`). */
  readonly file: string;
  /** A `model` line: the model the trace runs on by default. */
  readonly model?: string;
  /** The `rlimit MEMLOCK` and `cap CAP_IPC_LOCK` lines of the process the run starts as. */
  readonly setup?: ProcessSetup;
  /** Comment lines above the trace. */
  readonly comments?: readonly string[];
}

export interface CallOptions {
  /** The name the result is bound to. */
  readonly bind?: string;
  /** The region the bound name stands for (a successful NULL-hint mmap places region k). */
  readonly region?: number;
  readonly expect?: Expectation;
  /** `inject` lines above the call: the environment's answers during it. */
  readonly inject?: readonly InjectClause[];
}

const PAGE = BigInt(PAGE_SIZE);

function directivesOf(head: ProgramHead): Directives {
  const s = head.setup;
  const rlimit = s?.rlimitBytes ?? null;
  return {
    ...(head.model === undefined ? {} : { model: { name: head.model, pos: NOWHERE } }),
    ...(rlimit === null
      ? {}
      : {
          rlimitMemlock: { value: byteCount(rlimit), pos: NOWHERE },
        }),
    ...(s === undefined || s.capIpcLock ? {} : { capIpcLock: { on: false, pos: NOWHERE } }),
  };
}

interface Block {
  readonly body: Stmt[];
  /** Region number -> the name bound to it in this block. */
  readonly regions: Map<number, string>;
  /** The notes above the fork statement this block becomes. */
  readonly comments?: readonly string[];
  /** A thread of an open group: its name. */
  readonly name?: string;
}

/** A group of threads being built: the names before it, and the threads closed so far. */
interface Group {
  readonly regions: ReadonlyMap<number, string>;
  readonly threads: Block[];
}

/** A call statement as `options` describe it (the region a bound name stands for aside). */
function callStmt(call: CallName, args: readonly Expr[], options: CallOptions): CallStmt {
  const { bind, expect, inject } = options;
  return {
    kind: 'call',
    call,
    callPos: NOWHERE,
    args,
    pos: NOWHERE,
    ...(bind === undefined ? {} : { bind: { name: bind, pos: NOWHERE } }),
    ...(expect === undefined ? {} : { expect }),
    ...(inject === undefined ? {} : { inject }),
  };
}

export class ProgramBuilder {
  private readonly comments: string[];
  private readonly blocks: Block[] = [{ body: [], regions: new Map() }];
  /** Notes for the next statement added (note()). */
  private notes: string[] = [];
  private group: Group | null = null;

  /** The names `existing` bound, by label. */
  private readonly existingNames = new Map<string, string>();

  constructor(private readonly head: ProgramHead) {
    this.comments = [...(head.comments ?? [])];
  }

  /**
   * `name`, bound to a mapping the process had before the trace (`existing("[stack]")`) by a
   * statement at the top of the trace, written the first time the label is asked for.
   */
  existing(label: string, name: string): Expr {
    const bound = this.existingNames.get(label);
    if (bound !== undefined) return named(bound);
    this.existingNames.set(label, name);
    const args = [{ kind: 'string' as const, value: label, pos: NOWHERE }];
    this.blocks[0]?.body.unshift(callStmt('existing', args, { bind: name }));
    return named(name);
  }

  private get block(): Block {
    const b = this.blocks.at(-1);
    if (b === undefined) throw new Error('ProgramBuilder: no open block');
    return b;
  }

  /** A comment line, printed above the trace with the others. */
  comment(text: string): void {
    this.comments.push(text);
  }

  /** A comment line printed above the next statement added (a call, a check or a fork block). */
  note(text: string): void {
    this.notes.push(text);
  }

  /** The pending notes, as the `comments` of the statement that takes them. */
  private takeNotes(): { comments?: readonly string[] } {
    if (this.notes.length === 0) return {};
    const comments = this.notes;
    this.notes = [];
    return { comments };
  }

  call(call: CallName, args: readonly Expr[], options: CallOptions = {}): void {
    this.block.body.push({ ...callStmt(call, args, options), ...this.takeNotes() });
    const { bind, region } = options;
    if (bind !== undefined && region !== undefined) this.block.regions.set(region, bind);
  }

  /**
   * Replaces what the last call of the open block expects (a counterexample's demand on the
   * call's result); `note` goes above it. False, and nothing changed, when the block's last
   * statement is not a call.
   */
  expectLast(expect: Expectation, note?: string): boolean {
    const body = this.block.body;
    const last = body.at(-1);
    if (last?.kind !== 'call') return false;
    const comments = [...(last.comments ?? []), ...(note === undefined ? [] : [note])];
    body[body.length - 1] = {
      ...last,
      expect,
      ...(comments.length === 0 ? {} : { comments }),
    };
    return true;
  }

  /** Opens a fork block: what follows runs in the child, which sees the parent's names. */
  fork(): void {
    this.blocks.push({ body: [], regions: new Map(this.block.regions), ...this.takeNotes() });
  }

  /** Closes the innermost fork block (none open: nothing to close). */
  exit(): void {
    if (this.blocks.length < 2) return;
    const child = this.blocks.pop();
    if (child === undefined) return;
    const comments = child.comments === undefined ? {} : { comments: child.comments };
    this.block.body.push({ kind: 'fork', body: child.body, pos: NOWHERE, ...comments });
  }

  /**
   * Opens `thread NAME { ... }` of a group (closing the thread before it): its calls see the
   * names bound before the group only (trace-format.md), so an address in a region a thread
   * of the group binds is written as the computed address.
   */
  thread(name: string): void {
    if (this.group === null) this.group = { regions: new Map(this.block.regions), threads: [] };
    else this.closeThread();
    this.blocks.push({ body: [], regions: new Map(this.group.regions), name });
  }

  private closeThread(): void {
    const t = this.blocks.at(-1);
    if (this.group === null || t?.name === undefined) return;
    this.blocks.pop();
    this.group.threads.push(t);
  }

  /** Closes the group with its `schedule` line (none: every interleaving, on a model). */
  endThreads(schedule: readonly ScheduleStepSyntax[] | null): void {
    this.closeThread();
    const group = this.group;
    if (group === null) return;
    this.group = null;
    const threads = group.threads.map((t) => ({
      name: t.name ?? '',
      body: t.body.filter((x): x is CallStmt => x.kind === 'call'),
      pos: NOWHERE,
    }));
    // A name a thread binds counts after the group.
    for (const t of group.threads)
      for (const [k, name] of t.regions) if (!group.regions.has(k)) this.block.regions.set(k, name);
    this.block.body.push({
      kind: 'threads',
      threads,
      ...(schedule === null ? {} : { schedule: { steps: schedule, pos: NOWHERE } }),
      pos: NOWHERE,
      ...this.takeNotes(),
    });
  }

  /** Checks; pending notes go above the first. */
  check(...checks: readonly CheckStmt[]): void {
    const [first, ...rest] = checks;
    if (first === undefined) return;
    this.block.body.push({ ...first, ...this.takeNotes() }, ...rest);
  }

  /** Region `k`, `page` pages and `byte` bytes in, as the trace can name it here. */
  readonly region = (k: number, page = 0, byte = 0): Expr => {
    const name = this.block.regions.get(k);
    return offset(name === undefined ? num(regionHint(k), true) : named(name), page, byte);
  };

  /** An address: in a region's spot and page aligned, relative to the region; else in hex. */
  address(addr: bigint): Expr {
    const rel = addr - REGION_BASE;
    if (rel < 0n || rel % PAGE !== 0n) return num(addr, true);
    return this.region(Number(rel / REGION_STRIDE), Number((rel % REGION_STRIDE) / PAGE));
  }

  /**
   * The program, every fork block closed, without positions: enough to print (a statechart
   * path is only ever printed), and cheaper than build().
   */
  draft(): Program {
    if (this.group !== null) this.endThreads(null);
    while (this.blocks.length > 1) this.exit();
    const draft: Program = {
      file: this.head.file,
      source: '',
      directives: directivesOf(this.head),
      body: this.block.body,
    };
    return this.comments.length === 0 ? draft : { ...draft, comments: this.comments };
  }

  /**
   * The program, every fork block closed, with the positions of its printed text (the runner's
   * reports and the C reproducers cite statements by line), counted below the comments; the
   * statements' notes are printed lines too, and kept.
   */
  build(): Program {
    const { comments, ...draft } = this.draft();
    const parsed = parse(print(draft), this.head.file);
    const program = { ...parsed, body: withNotes(parsed.body, draft.body) };
    return comments === undefined ? program : { ...program, comments };
  }
}

/** `parsed` (the parse of `drafted`'s text, which drops comments) with `drafted`'s notes. */
function withNotes(parsed: readonly Stmt[], drafted: readonly Stmt[]): Stmt[] {
  return parsed.map((stmt, i) => {
    const d = drafted[i];
    const s =
      stmt.kind === 'fork' && d?.kind === 'fork'
        ? { ...stmt, body: withNotes(stmt.body, d.body) }
        : stmt;
    return d?.comments === undefined ? s : { ...s, comments: d.comments };
  });
}
