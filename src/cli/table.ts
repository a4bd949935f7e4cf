// `mmspec table NAME [--format F] [--model A --model B]`: a truth table, each cell computed by
// running a trace on the models (side by side, differing cells marked); `--trace ID` prints a
// cell's trace; `--verify` runs every cell on the real kernel too (every table when none is
// named) and reports the disagreements; `--write DIR` writes every table in every format.
// Exit status: 0 done (and with --verify, no disagreement); 1 disagreements; 2 misuse.

import { writeFile } from 'node:fs/promises';
import { outputDirectory } from './_internals/outputDirectory.js';
import { join } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { computeTable, runCell } from '../tables/computeTable.js';
import {
  isTableFormat,
  renderTable,
  TABLE_FORMATS,
  type TableFormat,
} from '../tables/render/renderTable.js';
import {
  failures,
  renderVerification,
  type TimedVerification,
} from '../tables/renderVerification.js';
import { recordedDisagreements } from '../tables/versions/recordedDisagreements.js';
import { tableFiles } from '../tables/tableFiles.js';
import { kselftestFiles } from '../tables/kselftest/kselftestFiles.js';
import { tableGrid } from '../tables/tableGrid.js';
import { TABLES, TABLE_NAMES, findTable } from '../tables/tables.js';
import type { TableSpec } from '../tables/tableSpec.js';
import { sideBySide, verifyTable } from '../tables/verifyTable.js';
import { type Observation, observations } from '../tables/kapi/kapiObservations.js';
import { kapiSpec } from '../tables/kapi/kapiSpec.js';
import type { Engine } from '../uapi/engine.js';
import type { FlagsOf } from './_internals/commandTable.js';
import type { CliContext } from './_internals/io.js';
import { Misuse, isMisuse } from './_internals/misuse.js';
import { collect } from './_internals/sharedOptions.js';
import { DEFAULT_MODEL } from '../../models/registry.js';
import { kernelTargets, modelOfTarget, versionModels } from '../tables/versions/versionModels.js';
import { kernelRecord, renderRecord } from '../tables/versions/kernelRecord.js';
import { RECORDS_FOLDER, loadRecords, recordPath } from '../tables/versions/loadRecords.js';
import { unknownName } from '../uapi/closest.js';
import { counted } from '../trace/counted.js';

const tableOptions = () =>
  new Command('table')
    .description('man-page truth tables, each cell computed by a trace on the models and kernel')
    .argument(
      '[names...]',
      `tables: ${TABLE_NAMES.join(', ')}; or all, for --verify, --emit-kselftest and kapi`,
    )
    .option(
      '--format <format>',
      `${TABLE_FORMATS.join(', ')}, or kapi (every named table, or all, as KAPI JSON) (default md)`,
    )
    .option('--model <name>', 'a model to compute on; repeat to put models side by side', collect)
    .option(
      '--verify',
      'run every cell on the real kernel as well and report disagreements (with --format: the tables, model and kernel side by side)',
    )
    .option('--trace <id>', 'print the trace of one line of the table (7, or 7.2 for a variant)')
    .option('--write <dir>', 'write every table in every format into dir (spec/tables)')
    .option(
      '--emit-kselftest <dir>',
      'write a kselftest C file a table (all, or those named) into dir',
    )
    .option(
      '--kernel <target>',
      'with --verify: the kernel to verify on (host, linux-X.Y, or all); repeat for several',
      collect,
    )
    .option(
      '--record <dir>',
      'with --verify --kernel: keep what each Debian kernel showed in dir/kernels/TARGET.json and rewrite the tables of dir across versions (spec/tables)',
    )
    .option(
      '--expect <dir>',
      'with --verify: pass on the disagreements the records of dir/kernels/ hold (spec/tables)',
    )
    .option('--list', 'list the tables');

type TableFlags = FlagsOf<ReturnType<typeof tableOptions>>;

export function tableCommand(ctx: CliContext, done: (status: number) => void) {
  return tableOptions().action(async (names, flags) => {
    try {
      done(await runTable(names, flags, ctx));
    } catch (error) {
      if (!isMisuse(error)) throw error;
      ctx.stderr.write(`mmspec table: ${error.message}\n`);
      done(2);
    }
  });
}

/**
 * Refuses an option the rest of the command line gives nothing to do: each would otherwise be
 * ignored, and a maintainer who wrote `--kernel linux-6.1` without `--verify` would take the
 * model's table for that kernel's.
 */
function refuseUnused(flags: TableFlags): void {
  const given = (o: keyof TableFlags) => flags[o] !== undefined;
  const needs: readonly [keyof TableFlags, string, boolean][] = [
    ['kernel', '--verify', given('verify')],
    ['record', '--verify --kernel', given('verify') && given('kernel')],
    ['expect', '--verify', given('verify')],
  ];
  for (const [option, what, met] of needs)
    if (given(option) && !met) throw new Misuse(`--${dashed(option)} works only with ${what}`);
  // Each of these does one thing a run; --format shapes only a table printed, or --verify's.
  const [mode, other] = (['trace', 'write', 'emitKselftest', 'list', 'verify'] as const).filter(
    given,
  );
  if (mode !== undefined && other !== undefined)
    throw new Misuse(`--${dashed(mode)} and --${dashed(other)} do not go together`);
  if (given('format') && mode !== undefined && mode !== 'verify')
    throw new Misuse(`--format does not apply to --${dashed(mode)}`);
}

const dashed = (option: string) => option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The tables named; `all` alone names every table. */
function specsOf(names: readonly string[]): TableSpec[] {
  if (names.length === 1 && names[0] === 'all') return [...TABLES];
  return names.map((n) => {
    const spec = findTable(n);
    if (spec === undefined) throw new Misuse(unknownName('table', n, TABLE_NAMES));
    return spec;
  });
}

async function runTable(
  names: readonly string[],
  flags: TableFlags,
  ctx: CliContext,
): Promise<number> {
  refuseUnused(flags);
  const format = flags.format ?? 'md';
  if (format === 'kapi') return printKapi(names, flags, ctx);
  if (!isTableFormat(format))
    throw new Misuse(`--format takes ${TABLE_FORMATS.join(', ')} or kapi, got '${format}'`);
  const specs = specsOf(names);
  const models = await Promise.all(
    (flags.model ?? [DEFAULT_MODEL]).map((m) => ctx.engines.model(m)),
  );
  const [model] = models;
  if (model === undefined) throw new Misuse('--model needs a name');
  if (flags.list === true) {
    for (const t of TABLES) ctx.stdout.write(`${t.name.padEnd(18)} ${t.title}\n`);
    return 0;
  }
  // Made here, first, for every writer below: a directory that cannot be made is said before
  // any table is computed or verified (a kernel run of every table would be lost).
  if (flags.write !== undefined) await outputDirectory('write', flags.write);
  if (flags.emitKselftest !== undefined)
    await outputDirectory('emit-kselftest', flags.emitKselftest);
  if (flags.record !== undefined)
    await outputDirectory('record', join(flags.record, RECORDS_FOLDER));
  if (flags.write !== undefined) return writeAll(flags.write, model, ctx);
  if (flags.emitKselftest !== undefined)
    return writeFiles(
      flags.emitKselftest,
      await kselftestFiles(model, specs.length > 0 ? specs : TABLES),
      ctx,
    );
  if (flags.verify === true)
    return verify(
      specs.length > 0 ? specs : [...TABLES],
      flags,
      ctx,
      flags.format === undefined ? undefined : format,
    );
  const [spec, ...more] = specs;
  if (spec === undefined || more.length > 0)
    throw new Misuse(`name one table (${TABLE_NAMES.join(', ')}), or use --verify or --write`);
  if (flags.trace !== undefined) return printTrace(spec, flags.trace, models, ctx);
  ctx.stdout.write(renderTable(tableGrid(await computeTable(spec, models)), format));
  return 0;
}

async function printTrace(
  spec: TableSpec,
  id: string,
  models: readonly Engine[],
  ctx: CliContext,
): Promise<number> {
  const [rowId, variantText] = id.split('.');
  const row = spec.rows().find((r) => r.id === rowId);
  const variant = variantText === undefined ? 0 : Number(variantText) - 1;
  if (row === undefined || row.cells[variant] === undefined)
    throw new Misuse(`table ${spec.name} has no line '${id}'`);
  for (const m of models) ctx.stdout.write((await runCell(spec, row, variant, m)).trace);
  return 0;
}

/**
 * Every table in every format into `dir`, across the version models and the kernel records under
 * dir/kernels/ when `model` is a version model. Stale records are reported, not fatal.
 */
async function writeAll(dir: string, model: Engine, ctx: CliContext): Promise<number> {
  const versions = await Promise.all(versionModels().map((v) => ctx.engines.model(v)));
  const { files, stale } = await tableFiles(model, versions, await loadRecords(dir));
  if (stale.length > 0)
    ctx.stderr.write(
      `mmspec table: ${stale.length} recorded kernel lines are stale (their cell changed), left out; ` +
        `re-record with --verify --kernel TARGET --record ${dir}: ${stale.slice(0, 5).join(', ')}\n`,
    );
  return writeFiles(dir, files, ctx);
}

/** Writes each target's record into dir/kernels/, over what was recorded there before. */
async function writeRecords(
  dir: string,
  runs: readonly TimedVerification[],
  ctx: CliContext,
): Promise<void> {
  const previous = await loadRecords(dir);
  for (const target of new Set(runs.map((r) => r.target))) {
    if (target === 'host') continue;
    const mine = runs.filter((r) => r.target === target);
    const record = kernelRecord(
      target,
      mine[0]?.own ?? false,
      mine.map((r) => r.verification),
      previous.find((p) => p.target === target),
    );
    await writeFile(recordPath(dir, target), renderRecord(record));
    ctx.stderr.write(`recorded ${target} in ${recordPath(dir, target)}\n`);
  }
}

async function writeFiles(
  dir: string,
  files: ReadonlyMap<string, string>,
  ctx: CliContext,
): Promise<number> {
  for (const [name, text] of files) await writeFile(join(dir, name), text);
  ctx.stdout.write(`wrote ${counted(files.size, 'file')} to ${dir}\n`);
  return 0;
}

/**
 * Verifies the tables on each kernel, against the target's own version model (or, for a target
 * without one, the default model, reported as observed only) and prints the report; with
 * --format, prints instead each table with the model's and the kernel's values side by side
 * (the report goes to stderr).
 */
async function verify(
  specs: readonly TableSpec[],
  flags: TableFlags,
  ctx: CliContext,
  format?: TableFormat,
): Promise<number> {
  const runs: TimedVerification[] = [];
  const records = flags.expect === undefined ? [] : await loadRecords(flags.expect);
  if (flags.expect !== undefined && records.length === 0)
    throw new Misuse(
      `--expect ${flags.expect}: no kernel records in ${join(flags.expect, RECORDS_FOLDER)}`,
    );
  for (const target of kernelTargets(flags.kernel ?? ['host'])) {
    const { model: modelName, own } = modelOfTarget(target, flags.model?.[0] ?? DEFAULT_MODEL);
    const model = await ctx.engines.model(modelName);
    const kernel = await ctx.engines.kernel(target === 'host' ? undefined : target, (line) =>
      ctx.stderr.write(line),
    );
    try {
      for (const spec of specs) {
        const start = performance.now();
        const verification = await verifyTable(spec, kernel, model);
        const seconds = (performance.now() - start) / 1000;
        const record = records.find((r) => r.target === target);
        runs.push({
          verification,
          seconds,
          target,
          own,
          ...recordedDisagreements(verification, record),
        });
      }
    } finally {
      await kernel.close?.();
    }
  }
  if (flags.record !== undefined) {
    await writeRecords(flags.record, runs, ctx);
    await writeAll(flags.record, await ctx.engines.model(DEFAULT_MODEL), ctx);
  }
  if (format === undefined) ctx.stdout.write(renderVerification(runs));
  else {
    for (const r of runs)
      ctx.stdout.write(renderTable(tableGrid(sideBySide(r.verification)), format));
    ctx.stderr.write(renderVerification(runs));
  }
  return runs.some((r) => failures(r) > 0) ? 1 : 0;
}

/**
 * The KAPI JSON of the calls the tables exercise; with --verify, each entry checked on one
 * kernel (`--kernel`, the host by default), held to that kernel's own model unless --model.
 */
async function printKapi(
  names: readonly string[],
  flags: TableFlags,
  ctx: CliContext,
): Promise<number> {
  const specs = names.length > 0 ? specsOf(names) : [...TABLES];
  const targets = kernelTargets(flags.kernel ?? ['host']);
  const target = targets[0] ?? 'host';
  if (targets.length > 1)
    throw new Misuse('--format kapi is verified on one kernel: give one --kernel');
  const model = await ctx.engines.model(flags.model?.[0] ?? modelOfTarget(target).model);
  const kernel =
    flags.verify === true
      ? await ctx.engines.kernel(target === 'host' ? undefined : target, (line) =>
          ctx.stderr.write(line),
        )
      : undefined;
  const obs: Observation[] = [];
  const disagreeing = new Set<string>();
  try {
    for (const spec of specs) {
      if (kernel === undefined) {
        obs.push(...observations(await computeTable(spec, [model])));
        continue;
      }
      const v = await verifyTable(spec, kernel, model);
      for (const d of v.disagreements) disagreeing.add(`${spec.name} ${d.id}`);
      obs.push(...observations(v.computed));
    }
  } finally {
    await kernel?.close?.();
  }
  const kernels = kernel === undefined ? [] : [kernel.name];
  ctx.stdout.write(
    `${JSON.stringify(kapiSpec(obs, { kernels, disagreeing }, model.name), null, 2)}\n`,
  );
  return disagreeing.size > 0 ? 1 : 0;
}
