// Renders a run of one trace: strace style text (every statement with the result it got, each
// expectation and check marked held or FAILED with the value seen), or JSON for scripts.
// The text is itself a trace: results print as `= RESULT` and everything else as `#` comments.
// JSON carries every bigint as a decimal string.

import type { CallStmt, Program } from './ast.js';
import { type Constants, constantTable } from './bindings.js';
import type { Setup } from '../uapi/engine.js';
import { setupOf } from './runner.js';
import { judge, judgeTrail, type Verdict } from './judge.js';
import { versionOfEngine } from './versionExpectation.js';
import type { Outcome, Unsupported } from '../uapi/outcome.js';
import { printDirectives, printExpectation, printSchedule, printStatementHead } from './printer.js';
import { showResult } from './show.js';
import { trail, type TrailEntry } from './trail.js';
import { entryJson } from './_internals/json.js';
import type { Json } from './json.js';

export interface FileRun {
  readonly program: Program;
  readonly outcome: Outcome;
  readonly entries: readonly TrailEntry[];
  readonly verdicts: readonly Verdict[];
  readonly setup: Setup;
}

export type ExitStatus = 0 | 1 | 2;

export function fileRun(program: Program, outcome: Outcome, constants?: Constants): FileRun {
  const entries = trail(program, outcome, constants);
  const setup = setupOf(program, constants ?? constantTable());
  return {
    program,
    outcome,
    entries,
    verdicts:
      outcome.interleavings === undefined
        ? judgeTrail(entries, versionOfEngine(outcome.engine))
        : judge(program, outcome, constants),
    setup,
  };
}

/** 2 when the engine could not run the whole trace, 1 when a verdict failed, else 0. */
export function exitStatusOf(run: FileRun): ExitStatus {
  if (run.outcome.unsupported.length > 0) return 2;
  return run.verdicts.some((v) => !v.held && v.unwitnessedIn === undefined) ? 1 : 0;
}

/** Held, failed, and `check some` statements no run of a kernel witnessed (not failures). */
export function tally(verdicts: readonly Verdict[]): {
  held: number;
  failed: number;
  notWitnessed: number;
} {
  const held = verdicts.filter((v) => v.held).length;
  const notWitnessed = verdicts.filter((v) => !v.held && v.unwitnessedIn !== undefined).length;
  return { held, failed: verdicts.length - held - notWitnessed, notWitnessed };
}

const COMMENT_COLUMN = 64;

/** `text` padded so that its comment starts at a common column. */
export function withComment(text: string, comment: string): string {
  if (comment === '') return text;
  return `${text.padEnd(COMMENT_COLUMN - 1)} # ${comment}`;
}

export function verdictNote(v: Verdict | undefined): string {
  if (v === undefined) return '';
  // After a group of threads explored in every interleaving: the set of what the runs saw.
  if (v.held) return v.seen.startsWith('{') ? `held over ${v.seen}` : 'held';
  if (v.unwitnessedIn !== undefined)
    return `not witnessed in ${v.unwitnessedIn} run${v.unwitnessedIn === 1 ? '' : 's'}: saw ${v.seen}`;
  return v.subject === 'expectation' ? `FAILED: expected ${v.expected}` : `FAILED: saw ${v.seen}`;
}

export function renderRunText(run: FileRun): string {
  const byLine = new Map(run.verdicts.map((v) => [v.line, v]));
  const lines = [
    `# ${run.program.file} on ${run.outcome.engine}`,
    ...printDirectives(run.program.directives),
  ];
  const reasonLines = new Set(run.outcome.unsupported.map((u) => u.line));
  const walk = (entries: readonly TrailEntry[], indent: string): void => {
    for (const entry of entries) {
      if (entry.stmt.kind === 'threads') {
        // Each thread's calls under its own head: the trail keeps them thread by thread.
        let from = 0;
        for (const t of entry.stmt.threads) {
          lines.push(`${indent}thread ${t.name} {`);
          walk(entry.body.slice(from, from + t.body.length), `${indent}  `);
          from += t.body.length;
          lines.push(`${indent}}`);
        }
        const schedule = entry.stmt.schedule;
        if (schedule) lines.push(`${indent}${printSchedule(schedule.steps)}`);
        continue;
      }
      lines.push(...entryLines(entry, indent, byLine));
      if (entry.stmt.kind === 'fork') {
        walk(entry.body, `${indent}  `);
        const v = byLine.get(entry.stmt.pos.line);
        lines.push(
          withComment(`${indent}}`, v ? `child ${v.seen}${v.held ? '' : ', FAILED'}` : 'not run'),
        );
      }
      if (reasonLines.has(entry.stmt.pos.line))
        lines.push(...unsupportedLines(run.outcome, entry.stmt.pos.line));
    }
  };
  walk(run.entries, '');
  lines.push(...unsupportedLines(run.outcome, undefined));
  const { held, failed, notWitnessed } = tally(run.verdicts);
  const unwitnessed = notWitnessed > 0 ? `, ${notWitnessed} not witnessed` : '';
  const repeated = run.outcome.repeated ?? 1;
  const runs = repeated > 1 ? ` (${repeated} runs)` : '';
  lines.push(
    `# ${run.program.file}: ${held} held, ${failed} failed${unwitnessed}${runs}${run.outcome.unsupported.length > 0 ? ', could not run to the end' : ''}`,
  );
  return lines.map((l) => `${l}\n`).join('');
}

function unsupportedLines(outcome: Outcome, line: number | undefined): string[] {
  return outcome.unsupported.filter((u) => u.line === line).map((u) => unsupportedLine(u));
}

/**
 * `# UNSUPPORTED [on the SIDE] [at line N]: REASON`, a reason of several lines (a model file's
 * error with its caret) going on as indented comment lines.
 */
export function unsupportedLine(u: Unsupported, side?: string): string {
  const on = side === undefined ? '' : ` on the ${side}`;
  const at = u.line === undefined ? '' : ` at line ${u.line}`;
  return `# UNSUPPORTED${on}${at}: ${u.reason.split('\n').join('\n#   ')}`;
}

function entryLines(
  entry: TrailEntry,
  indent: string,
  byLine: ReadonlyMap<number, Verdict>,
): string[] {
  const { stmt, step } = entry;
  if (stmt.kind === 'fork') return [`${indent}fork {`];
  if (stmt.kind === 'threads') return [];
  const verdict = byLine.get(stmt.pos.line);
  if (step === undefined) {
    // Without its expectation: `= RESULT` on an echoed line is always what the engine returned.
    const expect =
      stmt.kind === 'call' && stmt.expect ? ` (expected ${printExpectation(stmt.expect)})` : '';
    const shown = stmt.kind === 'call' ? withoutExpectations(stmt) : stmt;
    return [withComment(`${indent}${printStatementHead(shown)}`, `not run${expect}`)];
  }
  if (stmt.kind === 'check' || step.kind !== 'call') {
    return [withComment(`${indent}${printStatementHead(stmt)}`, verdictNote(verdict))];
  }
  const text = `${indent}${printStatementHead(withoutExpectations(stmt))} = ${showResult(step.result, stmt.call)}`;
  const notes = [bindingNote(entry), verdictNote(verdict)].filter((n) => n !== '');
  return [withComment(text, notes.join(', '))];
}

/** The call as echoed: what it was expected to return (on any version) is in the verdict. */
function withoutExpectations(stmt: CallStmt): CallStmt {
  const { expect: _expect, versions: _versions, ...bare } = stmt;
  return bare;
}

/** Which region an address result is, or where a failed call left its name. */
function bindingNote(entry: TrailEntry): string {
  const { stmt, step } = entry;
  if (stmt.kind !== 'call' || step?.kind !== 'call') return '';
  const bound = stmt.bind ? entry.after.lookup(stmt.bind.name) : undefined;
  if (step.result.kind === 'value') {
    if (stmt.call !== 'mmap' && stmt.call !== 'mremap' && stmt.call !== 'existing') return '';
    return (
      entry.before.describeAddress(step.result.value) ??
      entry.after.describeAddress(step.result.value) ??
      ''
    );
  }
  return stmt.bind && bound !== undefined ? `${stmt.bind.name} := 0x${bound.toString(16)}` : '';
}

export function runJson(run: FileRun): Json {
  const byLine = new Map(run.verdicts.map((v) => [v.line, v]));
  const { held, failed, notWitnessed } = tally(run.verdicts);
  return {
    file: run.program.file,
    engine: run.outcome.engine,
    exitStatus: exitStatusOf(run),
    ...(run.outcome.restPages === undefined ? {} : { restPages: run.outcome.restPages }),
    directives: {
      model: run.program.directives.model?.name ?? null,
      rlimitMemlock:
        run.setup.rlimitMemlock === null ? 'unlimited' : run.setup.rlimitMemlock.toString(),
      capIpcLock: run.setup.capIpcLock,
    },
    statements: run.entries.map((e) => entryJson(e, byLine)),
    unsupported: run.outcome.unsupported.map((u) => ({ line: u.line ?? null, reason: u.reason })),
    held,
    failed,
    ...((run.outcome.repeated ?? 1) > 1 || notWitnessed > 0
      ? { runs: run.outcome.repeated ?? 1, notWitnessed }
      : {}),
  };
}
