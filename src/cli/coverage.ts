// `mmspec coverage [--json]`: for every call, each errno the model can return and each error
// branch of its validation, the litmus traces, table cells and man-page claims that reach it;
// then what nothing reaches. Exit status: 0 (the gaps are information, not a failure); 2 misuse.

import { Command } from '@commander-js/extra-typings';
import { coverageCorpus, kernelDirs } from '../tables/coverage/coverageCorpus.js';
import { errorSites } from '../tables/coverage/errorSites.js';
import { renderCoverage } from '../tables/coverage/renderCoverage.js';
import { requirementCoverage } from '../tables/coverage/requirementCoverage.js';
import type { CliContext } from './_internals/io.js';
import { jsonOption, modelOption } from './_internals/sharedOptions.js';

export function coverageCommand(ctx: CliContext, done: (status: number) => void) {
  return new Command('coverage')
    .description('which traces and table cells reach each errno and error branch of the model')
    .addOption(modelOption('whose branches are counted'))
    .option('--litmus <dir>', 'the litmus corpus', 'spec/litmus')
    .option('--claims <dir>', 'the man-page claims', 'spec/manpages')
    .addOption(jsonOption())
    .action(async (flags) => {
      // The model first: an unknown name is refused before any file is read.
      const model = await ctx.engines.model(flags.model);
      const { dist, src } = kernelDirs();
      const sites = await errorSites(dist, src);
      if (sites.length === 0) {
        ctx.stderr.write(
          'mmspec coverage: no compiled kernel next to the CLI (run npm run build)\n',
        );
        return done(2);
      }
      const corpus = await coverageCorpus(flags.litmus, flags.claims);
      const report = await requirementCoverage(corpus, sites, model);
      if (flags.json === true) {
        const json = report.calls.map((c) => ({
          call: c.call,
          errnos: Object.fromEntries(c.errnos),
          branches: c.sites.map((s) => ({
            branch: s.site.id,
            errnos: s.site.errnos,
            source: s.site.source,
            runs: s.runs,
          })),
        }));
        ctx.stdout.write(`${JSON.stringify({ runs: report.runs, calls: json }, null, 2)}\n`);
      } else ctx.stdout.write(renderCoverage(report));
      done(0);
    });
}
