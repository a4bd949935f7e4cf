// `mmspec merge REPORT.json... [--json]`: combines the `mmspec check --partition I/N --json`
// reports of the parts of one bound into the report of the whole bound (src/check/mergeReports.ts).
// Exit status: 0 every property held in every part; 1 some property was violated, or unknown
// (a part missing or stopped early); 2 misuse (unreadable file, reports of different searches).

import { Command } from '@commander-js/extra-typings';
import {
  MergeError,
  type PartReport,
  mergeReports,
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
    return merged.properties.every((p) => p.verdict === 'holds') ? 0 : 1;
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
  return doc as PartReport;
}
