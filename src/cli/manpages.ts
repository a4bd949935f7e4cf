// `mmspec manpages [--model M]... [--no-kernel] [--json]`: every claim of spec/manpages/ checked
// on the models and on this machine's kernel, printed as the drift report. Exit status: 0 the
// report was made and the engines agree on every claim; 1 they disagree on some; 2 misuse.

import { Command } from 'commander';
import { loadClaims, ClaimFileError } from '../tables/manpages/manClaim.js';
import { driftReport } from '../tables/manpages/driftReport.js';
import { renderDriftReport } from '../tables/manpages/renderDriftReport.js';
import { TraceError, formatDiagnostic } from '../trace/diagnostic.js';
import type { Engine } from '../uapi/engine.js';
import type { CliContext } from './_internals/io.js';
import { isMisuse } from './_internals/misuse.js';
import { DEFAULT_MODEL } from '../../models/registry.js';
import { jsonOption } from './_internals/sharedOptions.js';

interface ManpagesFlags {
  readonly model?: readonly string[];
  readonly kernel: boolean;
  readonly json?: boolean;
  readonly dir: string;
  readonly litmus: string;
}

const collect = (value: string, previous: readonly string[] = []) => [...previous, value];

export function manpagesCommand(ctx: CliContext, done: (status: number) => void): Command {
  return new Command('manpages')
    .description('check every man-page claim of spec/manpages/ on the models and the kernel')
    .option('--model <name>', 'a model to check on; repeat for several', collect)
    .option('--no-kernel', 'check on the models only')
    .addOption(jsonOption())
    .option('--dir <dir>', 'the claims', 'spec/manpages')
    .option('--litmus <dir>', 'traces whose errno values count too', 'spec/litmus')
    .action(async (flags: ManpagesFlags) => {
      try {
        done(await runManpages(flags, ctx));
      } catch (error) {
        if (error instanceof TraceError) {
          ctx.stderr.write(formatDiagnostic(error));
          return done(2);
        }
        if (!(error instanceof ClaimFileError) && !isMisuse(error)) throw error;
        ctx.stderr.write(`mmspec manpages: ${error.message}\n`);
        done(2);
      }
    });
}

async function runManpages(flags: ManpagesFlags, ctx: CliContext): Promise<number> {
  const claims = await loadClaims(flags.dir);
  const models = await Promise.all(
    (flags.model ?? [DEFAULT_MODEL]).map((m) => ctx.engines.model(m)),
  );
  const [model] = models;
  if (model === undefined) return 2;
  const kernel = flags.kernel ? await ctx.engines.kernel() : undefined;
  const engines: Engine[] = kernel === undefined ? models : [...models, kernel];
  try {
    const report = await driftReport(claims, engines, model, flags.litmus);
    if (flags.json === true) {
      const json = {
        engines: report.engines,
        claims: report.claims.map((c) => ({
          id: c.claim.id,
          page: c.claim.page,
          section: c.claim.section,
          kind: c.claim.kind,
          says: c.claim.says,
          trace: c.claim.program.source,
          verdicts: c.verdicts.map((v) => ({
            engine: v.engine,
            held: v.held,
            failed: v.failed,
            unsupported: v.unsupported,
          })),
        })),
        undocumentedErrnos: report.errnos,
      };
      ctx.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    } else ctx.stdout.write(renderDriftReport(report));
    const disagree = report.claims.some((c) => new Set(c.verdicts.map((v) => v.held)).size > 1);
    return disagree ? 1 : 0;
  } finally {
    await kernel?.close?.();
  }
}
