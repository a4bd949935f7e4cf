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
