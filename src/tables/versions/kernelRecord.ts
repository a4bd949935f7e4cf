// What a kernel target showed for every line of the tables, kept under spec/tables/kernels/ so
// the committed tables can carry the versions they were verified on without booting a kernel:
// `mmspec table --verify --kernel TARGET --record spec/tables` writes TARGET.json. Each line
// keeps a digest of its cell's script, so a line whose trace changed since it was recorded is
// stale (and the tests say so) rather than silently vouched for.

import { createHash } from 'node:crypto';
import type { CellScript } from '../cellScript.js';
import { tableGrid } from '../tableGrid.js';
import type { Verification } from '../verifyTable.js';
import { variantsOf } from '../tableSpec.js';

export interface RecordedLine {
  /** Digest of the cell's script (cellDigest). */
  readonly digest: string;
  /** The kernel's texts of the line's output (and derived) columns. */
  readonly kernel: readonly string[];
  /** The model's texts, when they differ from the kernel's. */
  readonly model?: readonly string[];
  /** The trace comparison agreed (a model may allow a class of values the kernel picks one of). */
  readonly agrees: boolean;
  /** Why they disagree, when they do. */
  readonly reason?: string;
}

export interface KernelRecord {
  /** `linux-6.1`. */
  readonly target: string;
  /** The kernel as its engine names itself (uname -r, Debian package). */
  readonly kernel: string;
  /** The model the lines were compared with. */
  readonly model: string;
  /** The model is the target's own version (otherwise the kernel's values are observed only). */
  readonly own: boolean;
  /** Table name -> line id -> what the line showed. */
  readonly tables: Readonly<Record<string, Readonly<Record<string, RecordedLine>>>>;
}

/** A cell's identity: the digest of its script, so a recorded value is tied to its trace. */
export function cellDigest(script: CellScript): string {
  const text = JSON.stringify({ setup: script.setup, lines: script.lines });
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The lines of one table's verification as a record keeps them. */
export function recordedLines(v: Verification): Record<string, RecordedLine> {
  const kernelGrid = tableGrid(v.kernelComputed);
  const modelGrid = tableGrid(v.computed);
  const variants = variantsOf(v.computed.spec);
  const bad = new Map(v.disagreements.map((d) => [d.id, d.reason]));
  const out: Record<string, RecordedLine> = {};
  kernelGrid.lines.forEach((line, i) => {
    const kernel = line.cells.slice(kernelGrid.inputColumns).map((c) => c.text);
    const model = (modelGrid.lines[i]?.cells ?? [])
      .slice(modelGrid.inputColumns)
      .map((c) => c.text);
    const row = v.computed.rows[Math.floor(i / variants.length)];
    const script = row?.spec.cells[i % variants.length];
    if (script === undefined) return;
    const reason = bad.get(line.id);
    out[line.id] = {
      digest: cellDigest(script),
      kernel,
      ...(model.join('\u0000') === kernel.join('\u0000') ? {} : { model }),
      agrees: reason === undefined,
      ...(reason === undefined ? {} : { reason }),
    };
  });
  return out;
}

/** A target's record from its verifications, merged over `previous` (tables not re-run kept). */
export function kernelRecord(
  target: string,
  own: boolean,
  runs: readonly Verification[],
  previous?: KernelRecord,
): KernelRecord {
  const [first] = runs;
  const tables: Record<string, Readonly<Record<string, RecordedLine>>> = {
    ...(previous?.tables ?? {}),
  };
  for (const v of runs) tables[v.table] = recordedLines(v);
  const sorted = Object.fromEntries(
    Object.keys(tables)
      .sort()
      .map((k) => [k, tables[k] ?? {}]),
  );
  return {
    target,
    kernel: first?.kernel ?? previous?.kernel ?? target,
    model: first?.model ?? previous?.model ?? '',
    own,
    tables: sorted,
  };
}

/** The record as JSON with one line a table line, so a re-recording diffs line by line. */
export function renderRecord(record: KernelRecord): string {
  const j = JSON.stringify;
  const tables = Object.entries(record.tables).map(([name, lines]) => {
    const body = Object.entries(lines).map(([id, l]) => `   ${j(id)}: ${j(l)}`);
    return `  ${j(name)}: {\n${body.join(',\n')}\n  }`;
  });
  return [
    '{',
    ` "target": ${j(record.target)},`,
    ` "kernel": ${j(record.kernel)},`,
    ` "model": ${j(record.model)},`,
    ` "own": ${j(record.own)},`,
    ` "tables": {\n${tables.join(',\n')}\n }`,
    '}',
    '',
  ].join('\n');
}

function isRecord(x: unknown): x is KernelRecord {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Partial<KernelRecord>;
  return (
    typeof r.target === 'string' &&
    typeof r.kernel === 'string' &&
    typeof r.model === 'string' &&
    typeof r.own === 'boolean' &&
    typeof r.tables === 'object' &&
    r.tables !== null
  );
}

/** Parses a record file; throws an Error naming the file when it is not one. */
export function parseRecord(text: string, file: string): KernelRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${file}: not JSON: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  if (!isRecord(parsed)) throw new Error(`${file}: not a kernel record of mmspec table`);
  return parsed;
}
