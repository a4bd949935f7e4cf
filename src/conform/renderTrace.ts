// A ConformTrace as a Program and as .mmt text. Every trace starts from the same prefix (a file
// `f` and two regions: `a`, private anonymous, and `b`, shared over `f` with its last page past
// EOF) so that even one step meets state worth testing, and ends by observing every region
// page by page, so a difference in state is seen and not only a difference in results.

import type { CheckStmt, Expr, Program } from '../trace/ast.js';
import { ProgramBuilder } from '../trace/programBuilder.js';
import { print, printDirectives, printStatements } from '../trace/printer.js';
import {
  checkExtent,
  checkMnemonics,
  checkPages,
  checkVmLck,
  named,
  num,
  pageCount,
  spelled,
} from '../trace/syntax.js';
import type { ConformTrace, Op, Place } from './op.js';

const NULL = named('NULL');
const RW = spelled('PROT_READ|PROT_WRITE');

/** The prefix every generated trace starts with: `f` is 3 pages, `b` maps 4 of them. */
function prefix(b: ProgramBuilder): void {
  b.call('tmpfile', [pageCount(3)], { bind: 'f' });
  const anon = spelled('MAP_PRIVATE|MAP_ANONYMOUS');
  b.call('mmap', [NULL, pageCount(4), RW, anon, num(-1), num(0)], { bind: 'a', region: 0 });
  const shared = spelled('MAP_SHARED');
  b.call('mmap', [NULL, pageCount(4), RW, shared, named('f'), num(0)], { bind: 'b', region: 1 });
}
const PREFIX_STATEMENTS = 3;

// `f` is the file; new regions take the other letters, then numbered names.
const NEW_NAMES = 'cdeghijkmnpqrstuvwxyz';

/** A region the trace binds (region k: the k-th NULL-hint mmap, as for the builder). */
interface Region {
  /** Pages to observe: the mapping, or further if a MAP_FIXED reached past it. */
  pages: number;
}

function regionIndex(regions: readonly Region[], index: number): number {
  if (regions.length === 0) throw new Error('renderTrace: no region');
  return index % regions.length;
}

function place(b: ProgramBuilder, regions: readonly Region[], at: Place): Expr {
  return b.region(regionIndex(regions, at.region), at.page, at.byte ?? 0);
}

function newName(k: number): string {
  return NEW_NAMES.charAt(k) || `r${k}`;
}

/** The statement for one op; may bind a new region or widen what is observed. */
function addOp(b: ProgramBuilder, op: Op, regions: Region[]): void {
  switch (op.kind) {
    case 'mmap': {
      const fd = op.file ? named('f') : num(-1);
      const prot = spelled(op.prot);
      if (op.fixed === undefined) {
        const name = newName(regions.length - 2);
        regions.push({ pages: op.pages });
        const args = [NULL, pageCount(op.pages), prot, spelled(op.flags), fd, num(0)];
        return b.call('mmap', args, { bind: name, region: regions.length - 1 });
      }
      const target = regions[regionIndex(regions, op.fixed.region)];
      if (target !== undefined) target.pages = Math.max(target.pages, op.fixed.page + op.pages);
      const flags = spelled(`${op.flags}|MAP_FIXED`);
      const where = place(b, regions, op.fixed);
      return b.call('mmap', [where, pageCount(op.pages), prot, flags, fd, num(0)]);
    }
    case 'range': {
      const extra = op.arg === undefined ? [] : [spelled(op.arg)];
      return b.call(op.call, [place(b, regions, op.at), pageCount(op.pages), ...extra]);
    }
    case 'mlockall':
      return b.call('mlockall', [spelled(op.flags)]);
    case 'munlockall':
      return b.call('munlockall', []);
    case 'access': {
      const at = place(b, regions, op.at);
      return op.call === 'write' ? b.call('write', [at, num(7)]) : b.call('read', [at]);
    }
    case 'mremap': {
      const to = op.to === undefined ? [] : [place(b, regions, op.to)];
      const sizes = [pageCount(op.oldPages), pageCount(op.newPages)];
      return b.call('mremap', [place(b, regions, op.at), ...sizes, spelled(op.flags), ...to]);
    }
    case 'fork': {
      // The child binds nothing the parent could see: its mmaps are all MAP_FIXED ones.
      b.fork();
      for (const o of op.ops)
        if (o.kind !== 'fork' && !(o.kind === 'mmap' && o.fixed === undefined))
          addOp(b, o, regions);
      b.check(...regions.flatMap((r, k) => regionChecks(b, r, k)), checkVmLck(num(0), '>='));
      return b.exit();
    }
  }
}

/**
 * Observes a region page by page. The specs are placeholders: conform compares what the two
 * engines observed, not what a check expects (a reproducer gets the kernel's values instead).
 */
function regionChecks(b: ProgramBuilder, region: Region, k: number): CheckStmt[] {
  const checks = [checkPages(b.region(k), region.pages, '?'.repeat(region.pages))];
  for (let page = 0; page < region.pages; page++) {
    const at = b.region(k, page);
    checks.push(
      checkMnemonics({ kind: 'vmflags', addr: at }, 'lacks', ['lo']),
      checkExtent(at, 'none', '!='),
    );
  }
  return checks;
}

export interface RenderedTrace {
  readonly text: string;
  readonly program: Program;
  /** The directive lines and the step lines alone (no prefix, no checks), for subsumption. */
  readonly directives: readonly string[];
  readonly steps: readonly string[];
}

export function renderTrace(trace: ConformTrace, file = '<conform>'): RenderedTrace {
  const b = new ProgramBuilder({ file, setup: trace.setup });
  prefix(b);
  const regions: Region[] = [{ pages: 4 }, { pages: 4 }];
  for (const op of trace.ops) addOp(b, op, regions);
  b.check(
    ...regions.flatMap((r, k) => regionChecks(b, r, k)),
    checkVmLck(num(0), '>='),
    checkMnemonics({ kind: 'def_flags' }, 'lacks', ['lo']),
  );
  const program = b.build();
  // Each op is one top-level statement (a fork op one block), right after the prefix.
  const ops = program.body.slice(PREFIX_STATEMENTS, PREFIX_STATEMENTS + trace.ops.length);
  return {
    text: print(program),
    program,
    directives: printDirectives(program.directives),
    steps: ops.map((s) => printStatements([s]).join('\n')),
  };
}
