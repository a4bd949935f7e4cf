// Flag flow, read from the source with ts-morph: which decision points a model overrides
// (along its chain of bases), which uapi names each override reads, and which names Linux's
// own choice of the same decision reads. The alphabet of check, diff and review is widened by
// them (alphabetExtras), so a model that changes how MAP_NONBLOCK is read is explored with
// MAP_NONBLOCK, and a proposal's new flag is tried at all. What it finds in the registered
// models is recorded once (src/review/recordedFlagFlow.ts), so that widening needs no ts-morph.

import { existsSync } from 'node:fs';
import type { Node, ObjectLiteralExpression, Project } from 'ts-morph';
import { tsMorph } from '../../models/tsMorph.js';
import type { ExtraFlag } from '../check/kernelBound.js';
import type { KernelModel } from '../kernel/model.js';
import { UAPI_CONSTANTS } from '../uapi/uapiConstants.js';
import { LINUX_DECISIONS_SOURCE, findModel, modelSource } from '../../models/registry.js';

/** Upper-case kernel names a decision can read: uapi flags, VM_ and FOLL_ bits. */
const KERNEL_NAME = /^(MAP|MCL|MLOCK|MADV|PROT|MREMAP|VM|FOLL)_[A-Z0-9_]+$/;
const ALPHABET_NAME = /^(MAP|MCL|MLOCK|MADV)_[A-Z0-9_]+$/;

export interface OverrideReads {
  readonly model: string;
  readonly file: string;
  readonly decision: string;
  /** Kernel names the override reads, in source order, each once. */
  readonly reads: readonly string[];
  readonly line: number;
  /**
   * The override hands its input on to its base's own choice of the same decision
   * (`linux618.decisions.NAME`): what that choice reads, it reads the same way on every model
   * that delegates, so only the override's own names can make a difference there.
   */
  readonly delegates: boolean;
}

let project: Project | undefined;

function sourceFile(file: string) {
  project ??= new (tsMorph().Project)({ skipAddingFilesFromTsConfig: true });
  return project.getSourceFile(file) ?? project.addSourceFileAtPath(file);
}

function namesIn(node: Node): string[] {
  const names = node
    .getDescendantsOfKind(tsMorph().SyntaxKind.Identifier)
    .map((i) => i.getText())
    .filter((n) => KERNEL_NAME.test(n));
  return [...new Set(names)];
}

/** The `decisions` object literal of the model named `name` in `file` (an extend(...) call). */
function decisionsLiteral(file: string, name: string): ObjectLiteralExpression | undefined {
  const literals = sourceFile(file)
    .getDescendantsOfKind(tsMorph().SyntaxKind.ObjectLiteralExpression)
    .filter((o) => o.getProperty('decisions') !== undefined);
  const named = literals.find((o) => {
    const p = o.getProperty('name');
    return (
      tsMorph().Node.isPropertyAssignment(p) && p.getInitializer()?.getText().slice(1, -1) === name
    );
  });
  const chosen = named ?? literals[0];
  const d = chosen?.getProperty('decisions');
  const init = tsMorph().Node.isPropertyAssignment(d) ? d.getInitializer() : undefined;
  return tsMorph().Node.isObjectLiteralExpression(init) ? init : undefined;
}

function readsOf(literal: ObjectLiteralExpression, model: string, file: string): OverrideReads[] {
  return literal.getProperties().flatMap((p) => {
    if (!tsMorph().Node.isPropertyAssignment(p) && !tsMorph().Node.isMethodDeclaration(p))
      return [];
    const decision = p.getName();
    const delegates = p.getText().includes(`.decisions.${decision}`);
    return [{ model, file, decision, reads: namesIn(p), line: p.getStartLineNumber(), delegates }];
  });
}

/** What each decision of one model (not its bases) overrides and reads; [] without a source. */
export function overridesOf(model: KernelModel, file = modelSource(model.name)): OverrideReads[] {
  if (file === undefined || !existsSync(file)) return [];
  const literal = decisionsLiteral(file, model.name);
  return literal === undefined ? [] : readsOf(literal, model.name, file);
}

/** The overrides of a model and of every base it extends, nearest first. */
export function overrideChain(model: KernelModel, file?: string): OverrideReads[] {
  const out: OverrideReads[] = [];
  let m: KernelModel | undefined = model;
  let f = file;
  while (m !== undefined && m.base !== undefined) {
    out.push(...overridesOf(m, f));
    m = findModel(m.base);
    f = undefined;
  }
  return out;
}

/** What Linux 6.18's own choice of each decision reads (src/kernel/linuxDecisions.ts). */
export function linuxReads(): ReadonlyMap<string, readonly string[]> {
  const file = sourceFile(LINUX_DECISIONS_SOURCE);
  const literal = file
    .getVariableDeclarationOrThrow('LINUX_6_18_DECISIONS')
    .getInitializerIfKindOrThrow(tsMorph().SyntaxKind.ObjectLiteralExpression);
  return new Map(
    readsOf(literal, 'linux-6.18', file.getFilePath()).map((r) => [r.decision, r.reads]),
  );
}

/** What one override reads: the part of OverrideReads the widening of an alphabet needs. */
export interface DecisionReads {
  readonly decision: string;
  readonly reads: readonly string[];
  readonly delegates: boolean;
}

/**
 * Where alphabetExtras learns the flag flow: from the source with ts-morph (SOURCE_FLAG_FLOW,
 * what review shows), or from the facts recorded at build time (src/review/recordedFlagFlow.ts,
 * the same answers without loading the TypeScript compiler).
 */
export interface FlagFlow {
  /** The overrides of a model and of every base it extends, nearest first (overrideChain). */
  readonly chain: (model: KernelModel, file?: string) => readonly DecisionReads[];
  /** What Linux 6.18's own choice of each decision reads (linuxReads). */
  readonly linux: () => ReadonlyMap<string, readonly string[]>;
}

export const SOURCE_FLAG_FLOW: FlagFlow = { chain: overrideChain, linux: linuxReads };

/**
 * Every name of `models` worth trying: model constants, what their overrides read, and what
 * Linux's choice of the same decision reads. `sideBySide` (diff, review) leaves Linux's names
 * out where the override delegates to its base's choice: they reach that choice unchanged on
 * every model, so a letter with none of the overrides' own names cannot tell two models apart
 * there (MAP_GROWSDOWN means the same to an mmapVmFlagBits that only adds MAP_LOCKONFAULT as to
 * Linux's); a property of one model (check) may still need them. Spelled by name when every
 * model knows it.
 */
export function alphabetExtras(
  models: readonly { readonly model: KernelModel; readonly file?: string }[],
  sideBySide = false,
  flow: FlagFlow = SOURCE_FLAG_FLOW,
): ExtraFlag[] {
  // Linux's reads are asked for only when some model overrides a decision: linux-6.18 itself
  // and a model that only adds names need no analysis of linuxDecisions.ts at all.
  let linux: ReadonlyMap<string, readonly string[]> | undefined;
  const names = new Set<string>();
  for (const { model, file } of models) {
    for (const c of model.constants) names.add(c.name);
    for (const o of flow.chain(model, file)) {
      o.reads.forEach((n) => names.add(n));
      if (!(sideBySide && o.delegates))
        ((linux ??= flow.linux()).get(o.decision) ?? []).forEach((n) => names.add(n));
    }
  }
  const value = (name: string, m: KernelModel): bigint | undefined =>
    (UAPI_CONSTANTS.find((c) => c.name === name) ?? m.constants.find((c) => c.name === name))
      ?.value;
  const extras: ExtraFlag[] = [];
  for (const name of [...names].filter((n) => ALPHABET_NAME.test(n))) {
    const values = models.map(({ model }) => value(name, model));
    const known = values.find((v) => v !== undefined);
    if (known === undefined) continue;
    const everywhere = values.every((v) => v === known);
    // A name only some models know is spelled by a uapi name of the same value every model
    // knows (MAP_LOCKONFAULT's proposed 0x80000 is 6.18's MAP_SYNC), else as a number.
    const prefix = name.slice(0, name.indexOf('_') + 1);
    const alias = UAPI_CONSTANTS.find((c) => c.value === known && c.name.startsWith(prefix));
    extras.push({
      name,
      value: Number(known),
      text: everywhere ? name : (alias?.name ?? `0x${known.toString(16)}`),
    });
  }
  // Names every model knows first: where two names share a value (MADV_POPULATE and
  // MADV_POPULATE_READ), the letter is spelled by the one every trace can use.
  return extras.sort((x, y) => Number(x.text !== x.name) - Number(y.text !== y.name));
}
