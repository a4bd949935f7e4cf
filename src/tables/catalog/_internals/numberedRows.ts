// The rows of a catalog table, numbered 1, 2, ... as they are added: a row's id (what
// `mmspec table NAME --trace ID` takes) is its place in the table.

import type { CellScript } from '../../cellScript.js';
import type { RowSpec } from '../../tableSpec.js';

export class NumberedRows {
  readonly rows: RowSpec[] = [];

  /** The next row: its input values, and one cell script a variant. */
  add(inputs: readonly string[], ...cells: CellScript[]): void {
    this.rows.push({ id: String(this.rows.length + 1), inputs, cells });
  }
}

/** Adds the next row of a catalog table: its input values, and one cell script a variant. */
export type AddRow = NumberedRows['add'];

/**
 * A catalog table's `rows`: the rows `fill` adds, numbered in that order, made anew each time
 * the table is computed.
 */
export function numberedRows(fill: (add: AddRow) => void): () => RowSpec[] {
  return () => {
    const out = new NumberedRows();
    fill((inputs, ...cells) => out.add(inputs, ...cells));
    return out.rows;
  };
}
