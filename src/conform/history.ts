// The history of one trace: it runs on every model and every kernel target, and the result says
// which versions pass, which statement first fails on each, and between which kernel versions
// the behaviour changed (the values seen, not only pass/fail). Kernels run a few at a time (each
// is a guest booted for the purpose); the order of the table is the version order.

import type { Program } from '../trace/ast.js';
import type { Constants } from '../trace/bindings.js';
import type { Verdict } from '../trace/judge.js';
import { fileRun } from '../trace/report.js';
import { runProgram } from '../trace/runner.js';
import type { Engine } from '../uapi/engine.js';

export interface HistoryColumn {
  /** `linux-6.1` (a kernel target) or `model linux-6.18`. */
  readonly label: string;
  readonly kind: 'kernel' | 'model';
  /** Opens the engine (fetching and booting a kernel); closed after the run. */
  readonly open: () => Promise<Engine>;
}

export type HistoryStatus = 'pass' | 'fail' | 'could not run';

export interface HistoryRow {
  readonly label: string;
  readonly kind: 'kernel' | 'model';
  /** The engine's own name: for a kernel the guest's uname -r and the Debian package. */
  readonly engine: string;
  readonly status: HistoryStatus;
  /** The first verdict that failed, or why the trace could not run. */
  readonly first?: { readonly line: number; readonly expected: string; readonly seen: string };
  readonly reason?: string;
  /** What was seen at every verdict: two rows with the same signature behaved the same. */
  readonly signature: string;
  readonly seconds: number;
}

export interface BehaviourChange {
  readonly from: string;
  readonly to: string;
  /** The first line whose value differs between the two. */
  readonly line: number | undefined;
}

export interface History {
  readonly rows: readonly HistoryRow[];
  /** Between consecutive kernel versions whose behaviour differs. */
  readonly changes: readonly BehaviourChange[];
}

/**
 * What a run did, statement by statement: a call's result, and a check's verdict (with what was
 * seen when it failed). A check that held is not compared by value: `has lo` holds whatever
 * other VmFlags a kernel shows, and those extra mnemonics are not what the trace asks about.
 */
function signatureOf(verdicts: readonly Verdict[]): string {
  return verdicts
    .map((v) => `${v.line}:${v.subject !== 'check' || !v.held ? v.seen : 'held'}`)
    .join('|');
}

async function runColumn(
  column: HistoryColumn,
  program: Program,
  constants: Constants,
): Promise<HistoryRow> {
  const started = Date.now();
  const base = { label: column.label, kind: column.kind };
  let engine: Engine | undefined;
  try {
    engine = await column.open();
    const outcome = await runProgram(program, engine, { constants });
    const run = fileRun(program, outcome, constants);
    const seconds = (Date.now() - started) / 1000;
    const reason = outcome.unsupported[0]?.reason;
    const failed = run.verdicts.find((v) => !v.held);
    const status: HistoryStatus =
      reason !== undefined ? 'could not run' : failed === undefined ? 'pass' : 'fail';
    return {
      ...base,
      engine: engine.name,
      status,
      ...(failed === undefined
        ? {}
        : { first: { line: failed.line, expected: failed.expected, seen: failed.seen } }),
      ...(reason === undefined ? {} : { reason }),
      signature: `${signatureOf(run.verdicts)}${reason === undefined ? '' : `|unsupported:${reason}`}`,
      seconds,
    };
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    const seconds = (Date.now() - started) / 1000;
    return {
      ...base,
      engine: column.label,
      status: 'could not run',
      reason,
      signature: '',
      seconds,
    };
  } finally {
    await engine?.close?.();
  }
}

function firstDifferingLine(a: string, b: string): number | undefined {
  const left = a.split('|');
  const right = b.split('|');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] !== right[i]) {
      const line = Number((left[i] ?? right[i] ?? '').split(':')[0]);
      return Number.isFinite(line) ? line : undefined;
    }
  }
  return undefined;
}

/** Where consecutive kernels (in the order given) behave differently. */
export function behaviourChanges(rows: readonly HistoryRow[]): BehaviourChange[] {
  const kernels = rows.filter((r) => r.kind === 'kernel' && r.status !== 'could not run');
  const changes: BehaviourChange[] = [];
  for (let i = 1; i < kernels.length; i++) {
    const [prev, next] = [kernels[i - 1], kernels[i]];
    if (prev === undefined || next === undefined || prev.signature === next.signature) continue;
    changes.push({
      from: prev.label,
      to: next.label,
      line: firstDifferingLine(prev.signature, next.signature),
    });
  }
  return changes;
}

/** Runs every column, `jobs` kernels at a time, and keeps the columns' order. */
export async function history(
  program: Program,
  constants: Constants,
  columns: readonly HistoryColumn[],
  options: { readonly jobs: number; readonly onRow?: (row: HistoryRow) => void },
): Promise<History> {
  const rows: (HistoryRow | undefined)[] = columns.map(() => undefined);
  let next = 0;
  const worker = async () => {
    while (next < columns.length) {
      const i = next++;
      const column = columns[i];
      if (column === undefined) continue;
      const row = await runColumn(column, program, constants);
      rows[i] = row;
      options.onRow?.(row);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs) }, worker));
  const done = rows.filter((r): r is HistoryRow => r !== undefined);
  return { rows: done, changes: behaviourChanges(done) };
}
