// A trace drawn step by step: the program runs on an engine wrapped by drawingEngine, and each
// frame is matched back to the statement that made it, in the order the runner runs them.

import type { Program, Stmt } from '../trace/ast.js';
import { type RunOptions, runProgram } from '../trace/runner.js';
import type { Engine } from '../uapi/engine.js';
import type { Outcome } from '../uapi/outcome.js';
import type { RegionExtent } from './addressSpace.js';
import { type Frame, drawingEngine } from './drawingEngine.js';

export interface DrawnStep {
  readonly line: number;
  /** The statement as written (a fork's frames say `fork {` and `}`). */
  readonly text: string;
  readonly frame: Frame;
}

export interface Drawing {
  readonly engine: string;
  readonly file: string;
  /** The trace's regions, named as the trace binds them (`r1`, ... where it binds none). */
  readonly regions: readonly (RegionExtent & { readonly name: string })[];
  readonly steps: readonly DrawnStep[];
  readonly outcome: Outcome;
}

/** Runs `program` on `engine` as runProgram does with `options`, drawing each frame. */
export async function drawTrace(
  program: Program,
  engine: Engine,
  options: RunOptions,
): Promise<Drawing> {
  const drawing = drawingEngine(engine);
  const outcome = await runProgram(program, drawing, options);
  const lines = program.source.split(/\r?\n/);
  const text = (line: number) => (lines[line - 1] ?? '').trim();
  const steps: DrawnStep[] = [];
  const frames = [...drawing.frames];
  const names = new Map<bigint, string>();
  const visit = (body: readonly Stmt[]) => {
    for (const stmt of body) {
      if (stmt.kind === 'check') continue;
      // The drawing engine runs no threads: the run, and so the drawing, stops at a group.
      if (stmt.kind === 'threads') return;
      const frame = frames.shift();
      if (frame === undefined) return;
      steps.push({
        line: stmt.pos.line,
        text: stmt.kind === 'fork' ? 'fork {' : text(stmt.pos.line),
        frame,
      });
      if (stmt.kind === 'call') {
        if (stmt.bind !== undefined && frame.result?.kind === 'value')
          names.set(frame.result.value, stmt.bind.name);
        continue;
      }
      visit(stmt.body);
      const exit = frames.shift();
      if (exit === undefined) return;
      steps.push({ line: stmt.pos.line, text: '}', frame: exit });
    }
  };
  visit(program.body);
  return {
    engine: engine.name,
    file: program.file,
    regions: drawing.regions.map((r, i) => ({ ...r, name: names.get(r.start) ?? `r${i + 1}` })),
    steps,
    outcome,
  };
}
