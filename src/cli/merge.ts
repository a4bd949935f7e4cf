// `mmspec merge REPORT.json... [--json]`: combines the `mmspec check --partition I/N --json`
// reports of the parts of one bound into the report of the whole bound (src/check/mergeReports.ts).
// Exit status, as `mmspec check` gives it for the whole bound: 0 every property held, or was
// violated as the model is known to violate it; 1 some other property was violated, or is
// unknown (a part missing or stopped early); 2 misuse (unreadable file, reports of different
// searches, a verdict that is none of holds, violated, unknown).

import { Command } from '@commander-js/extra-typings';
import {
  MergeError,
  type PartReport,
  mergeReports,
  mergedStatus,
  renderMergedText,
} from '../check/mergeReports.js';
import type { FlagsOf } from './_internals/commandTable.js';
import type { CliContext } from './_internals/io.js';
import { jsonOption } from './_internals/sharedOptions.js';

const mergeOptions = () =>
  new Command('merge')
    .description('combine the --json reports of the parts of a bound (check --partition I/N)')
    .argument('<reports...>', 'the JSON reports, one per part')
    .addOption(jsonOption());

type MergeFlags = FlagsOf<ReturnType<typeof mergeOptions>>;

export function mergeCommand(ctx: CliContext, done: (status: number) => void) {
  return mergeOptions().action(async (files, flags) => done(await runMerge(files, flags, ctx)));
}

async function runMerge(
  files: readonly string[],
  flags: MergeFlags,
  ctx: CliContext,
): Promise<number> {
  const reports: PartReport[] = [];
  try {
    for (const file of files) reports.push(await readReport(file, ctx));
    const merged = mergeReports(reports);
    ctx.stdout.write(
      flags.json === true ? `${JSON.stringify(merged, null, 2)}\n` : renderMergedText(merged),
    );
    return mergedStatus(merged);
  } catch (error) {
    if (!(error instanceof MergeError)) throw error;
    ctx.stderr.write(`mmspec merge: ${error.message}\n`);
    return 2;
  }
}

async function readReport(file: string, ctx: CliContext): Promise<PartReport> {
  let text: string;
  try {
    text = await ctx.readFile(file);
  } catch (error) {
    throw new MergeError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new MergeError(`${file}: not JSON (${(error as Error).message})`);
  }
  if (
    typeof doc !== 'object' ||
    doc === null ||
    !('properties' in doc) ||
    !('bound' in doc) ||
    !('coverage' in doc)
  )
    throw new MergeError(`${file}: not a report of mmspec check --json`);
  const report = doc as PartReport;
  if (!Array.isArray(report.properties))
    throw new MergeError(`${file}: not a report of mmspec check --json (properties: not a list)`);
  for (const p of report.properties as unknown[]) {
    const verdict = typeof p === 'object' && p !== null ? (p as { verdict?: unknown }).verdict : p;
    if (verdict !== 'holds' && verdict !== 'violated' && verdict !== 'unknown')
      throw new MergeError(
        `${file}: a property's verdict is ${JSON.stringify(verdict)}, expected holds, violated or unknown`,
      );
  }
  return report;
}
