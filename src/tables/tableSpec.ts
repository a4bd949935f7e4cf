// A truth table as data: its axes (input columns), what each cell shows (output columns), and
// one trace script a row and variant. A table knows no engine: computeTable runs it.

import type { CellScript } from './cellScript.js';

export interface RowSpec {
  /** Stable within the table: `mmapTrace NAME ID` and the kselftest result lines use it. */
  readonly id: string;
  /** One value a column of `TableSpec.inputs`. */
  readonly inputs: readonly string[];
  /** One script a variant (one when the table has no variants). */
  readonly cells: readonly CellScript[];
}

/** What names and introduces a table, wherever it is shown. */
export interface TableHeading {
  readonly name: string;
  readonly title: string;
  /** What the table shows and why, in a sentence or two. */
  readonly summary: string;
  /** Where the behaviour is decided in the kernel. */
  readonly sources: readonly string[];
}

export interface TableSpec extends TableHeading {
  readonly inputs: readonly string[];
  /** The probe columns every variant's script fills. */
  readonly outputs: readonly string[];
  /** Labels of the variants of a row (`X then Y`, `Y then X`); one unnamed when absent. */
  readonly variants?: readonly string[];
  /** The input columns as a variant's line shows them (the calls in the order it makes them). */
  readonly variantInputs?: (inputs: readonly string[], variant: number) => readonly string[];
  /** A column computed from a row's variants (whether the order of two calls matters). */
  readonly derived?: {
    readonly header: string;
    readonly of: (variants: readonly (readonly string[])[]) => string;
  };
  rows(): readonly RowSpec[];
}

/** A table's heading alone (a spec carries its rows and scripts too). */
export function headingOf({ name, title, summary, sources }: TableHeading): TableHeading {
  return { name, title, summary, sources };
}

export function variantsOf(spec: TableSpec): readonly string[] {
  return spec.variants ?? [''];
}
