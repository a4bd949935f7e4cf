// The one place a cell's script becomes a Program: printed as .mmt text and parsed, so the
// Program carries its source and every cell prints as the trace that shows it. (When src/trace/
// gains a shared run -> Program builder, this file is what switches to it.)

import type { Program } from '../trace/ast.js';
import type { Constants } from '../trace/bindings.js';
import { parse } from '../trace/parser.js';
import { resolveProgram } from '../trace/resolve.js';
import type { CellLine, CellScript, CellSetup, Probe } from './cellScript.js';

export interface CellProgram {
  readonly program: Program;
  readonly constants: Constants;
  /** The probe on each source line, by 1-based line number. */
  readonly probes: ReadonlyMap<number, Probe>;
}

export function setupLines(setup: CellSetup): string[] {
  const lines: string[] = [];
  if (setup.rlimit !== undefined) lines.push(`rlimit MEMLOCK ${setup.rlimit}`);
  if (setup.capIpcLock === false) lines.push('cap CAP_IPC_LOCK off');
  return lines;
}

/** The statement a probe runs: it observes; what it expects does not matter here. */
function probeStatement(line: CellLine): string {
  switch (line.kind) {
    case 'stmt':
    case 'result':
      return line.text;
    case 'lock':
      return `check vmflags(${line.at}) has lo`;
    case 'pages':
      return `check pages(${line.at}, ${line.len}) = "?"`;
    case 'VmLck':
      return 'check VmLck >= 0';
    case 'def_flags':
      return 'check def_flags has lo';
  }
}

/** Parses and resolves the cell; a script that does not parse is a bug of its table (misuse). */
export function cellProgram(script: CellScript, file: string): CellProgram {
  const head = setupLines(script.setup);
  const lines = [...head, ...script.lines.map((l) => l.indent + probeStatement(l))];
  const probes = new Map<number, Probe>();
  script.lines.forEach((line, i) => {
    if (line.kind !== 'stmt') probes.set(head.length + i + 1, line);
  });
  const program = parse(`${lines.join('\n')}\n`, file);
  return { program, constants: resolveProgram(program, { probes: true }), probes };
}
