// Which litmus traces are expected to differ between a model and a kernel target, as observed
// and written down (spec/kernels/expected-differences.json): until a target has its own model,
// CI holds the kernel to this list, so that a difference appearing or vanishing is noticed.
// `mmspec run --compare --kernel TARGET --expect-differences FILE` applies it.

import { basename } from 'node:path';

export interface ExpectedDifferencesFile {
  /** The model the kernels were compared with. */
  readonly model: string;
  readonly targets: Readonly<Record<string, { readonly differing: readonly string[] }>>;
  /**
   * Lists for other models, by model then target: a version model run on its own kernel
   * (`--kernel linux-6.12 --model linux-6.12`) should differ on nothing.
   */
  readonly models?: Readonly<
    Record<string, Readonly<Record<string, { readonly differing: readonly string[] }>>>
  >;
}

export interface DifferencesVerdict {
  /** Traces that differ and are not listed. */
  readonly unexpected: readonly string[];
  /** Listed traces that no longer differ. */
  readonly vanished: readonly string[];
}

/** Reads the file's list for one target; a message (thrown) when the file or target is missing. */
export function expectedFor(
  text: string,
  file: string,
  target: string,
  model: string,
): Set<string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`${file}: not JSON (${why})`, { cause: error });
  }
  const doc = parsed as Partial<ExpectedDifferencesFile>;
  const other = doc.model === model ? undefined : doc.models?.[model];
  if (other !== undefined) {
    const list = other[target];
    if (list === undefined)
      throw new Error(`${file} has no list for model ${model} on kernel target ${target}`);
    return new Set(list.differing);
  }
  if (doc.model !== model)
    throw new Error(`${file} lists differences from model ${String(doc.model)}, not ${model}`);
  const entry = doc.targets?.[target];
  if (entry === undefined) throw new Error(`${file} has no list for kernel target ${target}`);
  return new Set(entry.differing);
}

/** Compares the traces that differed (paths or names) with the expected names. */
export function judgeDifferences(
  expected: ReadonlySet<string>,
  differed: readonly string[],
  ran: readonly string[],
): DifferencesVerdict {
  const seen = new Set(differed.map((f) => basename(f)));
  const names = new Set(ran.map((f) => basename(f)));
  return {
    unexpected: [...seen].filter((n) => !expected.has(n)).sort(),
    vanished: [...expected].filter((n) => names.has(n) && !seen.has(n)).sort(),
  };
}
