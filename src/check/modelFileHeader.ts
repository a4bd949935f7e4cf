// What a counterexample's header says of a model loaded from a file: the trace's `model`
// directive names the model, which no registry resolves, and may not name the file (a trace
// travels by mail, and loading a file runs its code), so the header says how to run it.

import type { KernelModel } from '../kernel/model.js';
import { shellWord } from '../trace/shellWord.js';

/** The header line for a model file's trace; none for a registered or planted model. */
export function modelFileHeader(model: KernelModel): readonly string[] {
  if (model.file === undefined) return [];
  return [
    `${model.name} is the model file ${model.file}:`,
    `run the trace with \`mmspec run --model ${shellWord(model.file)}\``,
  ];
}
