// Renders a kernel-versus-model comparison: each statement once, with what each side got,
// side by side; a statement where they differ starts with `!`. JSON carries the same.

import type { Comparison, ComparedStatement } from './compare.js';
import type { Verdict } from './judge.js';
import type { Outcome, Unsupported } from '../uapi/outcome.js';
import type { Program } from './ast.js';
import { type ExitStatus, tally, unsupportedLine, withComment } from './report.js';
import { verdictJson } from './_internals/json.js';
import type { Json } from './json.js';

export interface ComparedRun {
  readonly program: Program;
  readonly kernel: Outcome;
  readonly model: Outcome;
  readonly comparison: Comparison;
}

export function compareExitStatus(run: ComparedRun): ExitStatus {
  if (run.kernel.unsupported.length + run.model.unsupported.length > 0) return 2;
  return run.comparison.agreed ? 0 : 1;
}

function mark(v: Verdict | undefined): string {
  if (v === undefined) return '';
  return v.held ? ' held' : ' FAILED';
}

export function renderComparisonText(run: ComparedRun): string {
  const { program, kernel, model, comparison } = run;
  const kv = new Map(comparison.kernelVerdicts.map((v) => [v.line, v]));
  const mv = new Map(comparison.modelVerdicts.map((v) => [v.line, v]));
  const rest =
    kernel.restPages === undefined ? '' : `, rest of the process ${kernel.restPages} pages`;
  const lines = [`# ${program.file}: kernel (${kernel.engine}) vs model ${model.engine}${rest}`];
  const walk = (list: readonly ComparedStatement[], indent: string): void => {
    for (const s of list) {
      const prefix = s.same ? '  ' : '! ';
      const note = `kernel ${s.kernel}${mark(kv.get(s.line))} | model ${s.model}${mark(mv.get(s.line))}`;
      if (s.kind === 'threads') {
        // Each thread's calls under its own head, then the schedule, as a plain run prints them.
        let from = 0;
        for (const t of s.threads ?? []) {
          lines.push(`  ${indent}thread ${t.name} {`);
          walk(s.body.slice(from, from + t.calls), `${indent}  `);
          from += t.calls;
          lines.push(`  ${indent}}`);
        }
        if (s.schedule !== undefined) lines.push(`  ${indent}${s.schedule}`);
      } else if (s.kind === 'fork') {
        lines.push(`${prefix}${indent}fork {`);
        walk(s.body, `${indent}  `);
        lines.push(withComment(`${prefix}${indent}}`, note));
      } else {
        lines.push(withComment(`${prefix}${indent}${s.text}`, note));
      }
    }
  };
  walk(comparison.statements, '');
  lines.push(
    ...unsupportedLines('kernel', kernel.unsupported),
    ...unsupportedLines('model', model.unsupported),
  );
  const k = tally(comparison.kernelVerdicts);
  const m = tally(comparison.modelVerdicts);
  const d = comparison.differences;
  lines.push(
    `# ${program.file}: ${d} difference${d === 1 ? '' : 's'}; kernel ${k.held} held, ${k.failed} failed; model ${m.held} held, ${m.failed} failed`,
  );
  return lines.map((l) => `${l}\n`).join('');
}

function unsupportedLines(side: string, list: readonly Unsupported[]): string[] {
  return list.map((u) => unsupportedLine(u, side));
}

function statementJson(
  s: ComparedStatement,
  kv: ReadonlyMap<number, Verdict>,
  mv: ReadonlyMap<number, Verdict>,
): Json {
  return {
    line: s.line,
    text: s.text,
    kernel: s.kernel,
    model: s.model,
    same: s.same,
    kernelVerdict: verdictJson(kv.get(s.line)),
    modelVerdict: verdictJson(mv.get(s.line)),
    body: s.body.map((b) => statementJson(b, kv, mv)),
    ...(s.threads === undefined ? {} : { threads: s.threads.map((t) => ({ ...t })) }),
    ...(s.schedule === undefined ? {} : { schedule: s.schedule }),
  };
}

export function comparisonJson(run: ComparedRun): Json {
  const { program, kernel, model, comparison } = run;
  const kv = new Map(comparison.kernelVerdicts.map((v) => [v.line, v]));
  const mv = new Map(comparison.modelVerdicts.map((v) => [v.line, v]));
  const unsupported = (list: readonly Unsupported[]): Json =>
    list.map((u) => ({ line: u.line ?? null, reason: u.reason }));
  return {
    file: program.file,
    kernel: kernel.engine,
    model: model.engine,
    restPages: kernel.restPages ?? null,
    exitStatus: compareExitStatus(run),
    differences: comparison.differences,
    statements: comparison.statements.map((s) => statementJson(s, kv, mv)),
    kernelTally: tally(comparison.kernelVerdicts),
    modelTally: tally(comparison.modelVerdicts),
    unsupported: { kernel: unsupported(kernel.unsupported), model: unsupported(model.unsupported) },
  };
}
