// A computed table laid out for the renderers: a header and one line a row and variant, each
// cell its value, or the values of every engine when they differ (the cell is then marked).

import type { ComputedTable } from './computeTable.js';
import { headingOf, type TableHeading, variantsOf } from './tableSpec.js';

export interface GridCell {
  readonly text: string;
  /** The engines side by side disagree on this cell. */
  readonly differs: boolean;
  /**
   * Across versions, where they differ: each version's value by its name (`linux-6.1`), for
   * scripts that would otherwise parse `3.8-4.3: ENOSYS; 4.4+: 0` out of `text`.
   */
  readonly byVersion?: Readonly<Record<string, string>>;
}

export interface GridLine {
  /** `7`, or `7.2` for the second variant of row 7: what `mmspec table NAME --trace` takes. */
  readonly id: string;
  readonly cells: readonly GridCell[];
  /** The first line of a row (renderers draw a rule between rows of variants). */
  readonly firstOfRow: boolean;
  /** The line's cell as a trace, one an engine, stating what that engine showed. */
  readonly traces: readonly string[];
}

export interface Grid extends TableHeading {
  readonly header: readonly string[];
  /** How many leading columns are inputs (the rest are what the cells showed). */
  readonly inputColumns: number;
  readonly lines: readonly GridLine[];
  readonly engines: readonly string[];
  /** Cells marked because engines differ (or, across versions, because versions differ). */
  readonly differing: number;
  /** Across versions (versions/versionedGrid.ts): which versions it covers and how. */
  readonly versions?: readonly string[];
}

const same = (texts: readonly string[]) => texts.every((t) => t === texts[0]);

function merged(texts: readonly string[]): GridCell {
  return same(texts)
    ? { text: texts[0] ?? '', differs: false }
    : { text: texts.join(' / '), differs: true };
}

export function tableGrid(table: ComputedTable): Grid {
  const { spec } = table;
  const variants = variantsOf(spec);
  const showVariant = variants.length > 1 && spec.variantInputs === undefined;
  const header = [
    '#',
    ...spec.inputs,
    ...(showVariant ? ['order'] : []),
    ...spec.outputs,
    ...(spec.derived ? [spec.derived.header] : []),
  ];
  const inputColumns = 1 + spec.inputs.length + (showVariant ? 1 : 0);
  const lines: GridLine[] = [];
  for (const row of table.rows) {
    const derived = spec.derived;
    const derivedCell =
      derived === undefined
        ? []
        : [merged(row.cells.map((perVariant) => derived.of(perVariant.map((c) => c.values))))];
    variants.forEach((label, v) => {
      const inputs = spec.variantInputs?.(row.spec.inputs, v) ?? row.spec.inputs;
      const outputs = spec.outputs.map((_, o) =>
        merged(row.cells.map((perVariant) => perVariant[v]?.values[o] ?? '')),
      );
      const plain = (text: string): GridCell => ({ text, differs: false });
      lines.push({
        id: variants.length > 1 ? `${row.spec.id}.${v + 1}` : row.spec.id,
        firstOfRow: v === 0,
        traces: row.cells.map((perVariant) => perVariant[v]?.trace ?? ''),
        cells: [
          plain(variants.length > 1 ? `${row.spec.id}.${v + 1}` : row.spec.id),
          ...inputs.map(plain),
          ...(showVariant ? [plain(label)] : []),
          ...outputs,
          ...derivedCell,
        ],
      });
    });
  }
  const differing = lines.reduce((n, l) => n + l.cells.filter((c) => c.differs).length, 0);
  return {
    ...headingOf(spec),
    header,
    inputColumns,
    lines,
    engines: table.engines,
    differing,
  };
}
