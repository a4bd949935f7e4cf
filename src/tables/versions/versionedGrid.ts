// A table across kernel versions: the default model's grid, with every cell on which versions
// differ showing each range of versions and its value ("3.8-4.3: ENOSYS; 4.4+: 0"), marked. A
// version's value is its model's, checked against its kernel where a record of one exists; a
// kernel target without a model contributes what it showed (observed only). A modelled version
// whose kernel showed something else keeps the model's value with the kernel's beside it, as a
// recorded disagreement (the model is not changed here).

import type { TableSpec } from '../tableSpec.js';
import { variantsOf } from '../tableSpec.js';
import type { Grid, GridCell, GridLine } from '../tableGrid.js';
import { type KernelRecord, type RecordedLine, cellDigest } from './kernelRecord.js';
import { byVersion, versionLabel } from './versionModels.js';
import { getModel } from '../../../models/registry.js';

export interface VersionedGrid {
  readonly grid: Grid;
  /** `TARGET TABLE LINE` of recorded lines whose cell script changed since they were recorded. */
  readonly stale: readonly string[];
}

interface Value {
  readonly text: string;
}

/** The text of column `col` (counted from the first output column) for one version. */
function valueOf(
  modelText: string | undefined,
  rec: RecordedLine | undefined,
  col: number,
): Value | undefined {
  const kernel = rec?.kernel[col];
  if (modelText !== undefined) {
    if (rec === undefined || kernel === undefined || kernel === modelText)
      return { text: modelText };
    // The kernel showed another text: a class the model allows, or a disagreement.
    if (rec.agrees && rec.model?.[col] === modelText) return { text: modelText };
    return { text: `${modelText} (kernel: ${kernel})` };
  }
  if (rec === undefined || kernel === undefined) return undefined;
  return { text: rec.agrees ? (rec.model?.[col] ?? kernel) : kernel };
}

function rangeLabel(versions: readonly string[], newest: string): string {
  const first = versionLabel(versions[0] ?? '');
  const last = versions[versions.length - 1] ?? '';
  if (last === newest) return `${first}+`;
  return versions.length === 1 ? first : `${first}-${versionLabel(last)}`;
}

/** One cell across versions: a single value, or each range of versions with its own. */
function acrossVersions(values: readonly (readonly [string, Value])[]): GridCell {
  const groups: { versions: string[]; text: string }[] = [];
  for (const [version, v] of values) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last.text === v.text) last.versions.push(version);
    else groups.push({ versions: [version], text: v.text });
  }
  const [only] = groups;
  if (groups.length === 1 && only !== undefined && !only.text.includes('(kernel: '))
    return { text: only.text, differs: false };
  const newest = values[values.length - 1]?.[0] ?? '';
  return {
    text: groups.map((g) => `${rangeLabel(g.versions, newest)}: ${g.text}`).join('; '),
    differs: true,
    byVersion: Object.fromEntries(values.map(([version, v]) => [version, v.text])),
  };
}

/**
 * `grids`: the table on each version model (version name -> grid, every grid of the same spec);
 * `base`: the version whose grid gives the inputs and the traces; `records`: kernel targets.
 */
export function versionedGrid(
  spec: TableSpec,
  grids: ReadonlyMap<string, Grid>,
  base: string,
  records: readonly KernelRecord[],
): VersionedGrid {
  const baseGrid = grids.get(base);
  if (baseGrid === undefined) throw new Error(`versionedGrid: no grid of ${base}`);
  const variants = variantsOf(spec);
  const rows = spec.rows();
  const stale: string[] = [];
  const versions = [...new Set([...grids.keys(), ...records.map((r) => r.target)])].sort(byVersion);
  const lines: GridLine[] = baseGrid.lines.map((line, i) => {
    const script = rows[Math.floor(i / variants.length)]?.cells[i % variants.length];
    const digest = script === undefined ? '' : cellDigest(script);
    const recs = new Map<string, RecordedLine>();
    for (const r of records) {
      const rec = r.tables[spec.name]?.[line.id];
      if (rec === undefined) continue;
      if (rec.digest === digest) recs.set(r.target, rec);
      else stale.push(`${r.target} ${spec.name} ${line.id}`);
    }
    const cells = line.cells.map((cell, c) => {
      if (c < baseGrid.inputColumns) return cell;
      const col = c - baseGrid.inputColumns;
      const values = versions.flatMap((v): [string, Value][] => {
        const value = valueOf(grids.get(v)?.lines[i]?.cells[c]?.text, recs.get(v), col);
        return value === undefined ? [] : [[v, value]];
      });
      return acrossVersions(values);
    });
    return { ...line, cells };
  });
  const differing = lines.reduce((n, l) => n + l.cells.filter((c) => c.differs).length, 0);
  return { grid: { ...baseGrid, lines, differing, versions: versionNotes(grids, records) }, stale };
}

/** The sentences saying which versions the table covers and how each is known. */
function versionNotes(
  grids: ReadonlyMap<string, Grid>,
  records: readonly KernelRecord[],
): string[] {
  const modelled = [...grids.keys()].sort(byVersion).map(versionLabel);
  const verified = records
    .filter((r) => r.own)
    .sort((a, b) => byVersion(a.target, b.target))
    .map((r) => versionLabel(r.target));
  const observed = records
    .filter((r) => !r.own)
    .sort((a, b) => byVersion(a.target, b.target))
    .map((r) => versionLabel(r.target));
  const none = (xs: readonly string[]) => (xs.length === 0 ? 'none' : xs.join(', '));
  // A version whose smaps prints no lf shows `lo` for a VM_LOCKONFAULT VMA: its cell differs
  // from the others' without lock on fault behaving otherwise, which the pages column shows.
  const noLf = [...grids.keys()]
    .filter((v) => !getModel(v).decisions.smapsShowsMnemonic('lf'))
    .sort(byVersion)
    .map(versionLabel);
  const mnemonics =
    noLf.length === 0
      ? []
      : [
          `Linux ${noLf.join(', ')}: smaps prints no lf, so VmFlags and def_flags show lo where ` +
            'the other versions show lo lf; lock on fault works there alike (see the pages).',
        ];
  return [
    `Versions: the models of Linux ${none(modelled)}; verified on the Debian kernel of ` +
      `${none(verified)} (against its model) and observed only, with no model, on ${none(observed)}. ` +
      'A cell on which versions differ shows each range of versions with its value ' +
      '(4.4-6.12: X; 6.16+: Y, + meaning up to the newest covered) and is marked *; ' +
      '"(kernel: Y)" beside a modelled value is a disagreement of that model with its kernel, ' +
      'recorded in spec/tables/kernels/.',
    ...mnemonics,
  ];
}
