// The bound a command explores for some models: the named bound, its alphabet widened by the
// flags the models' overridden decision points read and the names they add
// (src/review/flagFlow.ts), plus which overridden decision points a finished exploration
// never reached (a bound that never reaches a changed decision cannot tell it apart). The flag
// flow comes from the facts recorded from the models' source (src/review/recordedFlagFlow.ts),
// so a command starts its search without loading ts-morph.

import type { KernelBound } from '../../check/kernelBound.js';
import type { KernelModel } from '../../kernel/model.js';
import { alphabetExtras } from '../../review/flagFlow.js';
import { recordedFlagFlow } from '../../review/recordedFlagFlow.js';
import { modelSource } from '../../../models/registry.js';

export interface ModelArg {
  readonly model: KernelModel;
  /** What the user named it by (a registered name or a file path). */
  readonly ref: string;
}

/** `sideBySide`: for diff and review (alphabetExtras leaves out what cannot tell models apart). */
export function widenBound(
  bound: KernelBound,
  models: readonly ModelArg[],
  sideBySide = false,
): KernelBound {
  const extras = alphabetExtras(
    models.map(({ model, ref }) => {
      const file = modelSource(ref);
      return file === undefined ? { model } : { model, file };
    }),
    sideBySide,
    recordedFlagFlow(),
  );
  return extras.length === 0 ? bound : { ...bound, extraFlags: extras };
}

/** Every decision point the models override, along their chains of bases. */
export function overriddenDecisions(models: readonly ModelArg[]): string[] {
  const names = new Set<string>();
  const flow = recordedFlagFlow();
  for (const { model, ref } of models) {
    model.overrides?.forEach((d) => names.add(d));
    for (const o of flow.chain(model, modelSource(ref))) names.add(o.decision);
  }
  return [...names];
}

/** The report lines: the widened alphabet, and the overridden decisions never reached. */
export function wideningLines(
  bound: KernelBound,
  overridden: readonly string[],
  reached: ReadonlyMap<string, number> | undefined,
): string[] {
  const lines: string[] = [];
  const extras = bound.extraFlags ?? [];
  if (extras.length > 0)
    lines.push(
      `alphabet widened by what the models' overridden decisions read or add: ${extras.map((f) => f.name).join(', ')}`,
    );
  if (reached !== undefined) {
    const never = overridden.filter((d) => reached.get(d) === 0);
    if (never.length > 0)
      lines.push(`overridden decision points this bound never reached: ${never.join(', ')}`);
  }
  return lines;
}
