// `mmspec manpages [--model M]... [--kernel T]... [--no-kernel] [--json]`: every claim of
// spec/manpages/ checked on the models (every kernel version modelled, by default) and on the
// kernels (this machine's by default; Debian kernels under qemu with --kernel linux-X.Y or all),
// printed as the drift report with each claim's verdict on every engine. Exit status: 0 the
// report was made and every kernel agrees with its own model (the host with the first model)
// on every claim; 1 some kernel does not; 2 misuse.

import { Command } from '@commander-js/extra-typings';
import { loadClaims, ClaimFileError } from '../tables/manpages/manClaim.js';
import { driftReport } from '../tables/manpages/driftReport.js';
import { renderDriftReport } from '../tables/manpages/renderDriftReport.js';
import { TraceError, formatDiagnostic } from '../trace/diagnostic.js';
import type { Engine } from '../uapi/engine.js';
import type { FlagsOf } from './_internals/commandTable.js';
import type { CliContext } from './_internals/io.js';
import { isMisuse } from './_internals/misuse.js';
import { DEFAULT_MODEL } from '../../models/registry.js';
import { type CheckedClaim, unrunParts, verdictHeld } from '../tables/manpages/checkClaims.js';
import { kernelTargets, modelOfTarget, versionModels } from '../tables/versions/versionModels.js';
import { collect, jsonOption } from './_internals/sharedOptions.js';

const manpagesOptions = () =>
  new Command('manpages')
    .description('check every man-page claim of spec/manpages/ on the models and the kernel')
    .option(
      '--model <name>',
      'a model to check on; repeat for several (default: every kernel version modelled, linux-6.18 first)',
      collect,
    )
    .option(
      '--kernel <target>',
      'a kernel to check on: host (the default), linux-X.Y under qemu, or all; repeat for several',
      collect,
    )
    .option('--no-kernel', 'check on the models only')
    .addOption(jsonOption())
    .option('--dir <dir>', 'the claims', 'spec/manpages')
    .option('--litmus <dir>', 'traces whose errno values count too', 'spec/litmus');

type ManpagesFlags = FlagsOf<ReturnType<typeof manpagesOptions>>;

export function manpagesCommand(ctx: CliContext, done: (status: number) => void) {
  return manpagesOptions().action(async (flags) => {
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

/** An engine under a short name, so the report's columns read `kernel linux-6.1`. */
function labelled(engine: Engine, name: string): Engine {
  return { name, start: (setup) => engine.start(setup), close: async () => engine.close?.() };
}

async function runManpages(flags: ManpagesFlags, ctx: CliContext): Promise<number> {
  const claims = await loadClaims(flags.dir);
  // The models in version order; the first named (linux-6.18 by default) is the base the
  // host is held to and whose runs the errno drift reads.
  const base = flags.model?.[0] ?? DEFAULT_MODEL;
  const names = [...(flags.model ?? versionModels())];
  const targets = flags.kernel === false ? [] : kernelTargets(flags.kernel ?? ['host']);
  // Each kernel is held to its own model: the host to the first, linux-X.Y to linux-X.Y.
  const pairs = targets.map((t) => {
    const own = modelOfTarget(t, base);
    return { target: t, model: own.own ? own.model : undefined };
  });
  for (const p of pairs) if (p.model !== undefined && !names.includes(p.model)) names.push(p.model);
  const models = await Promise.all(names.map((m) => ctx.engines.model(m)));
  const model = models.find((m) => m.name === base) ?? (await ctx.engines.model(base));
  const kernels: Engine[] = [];
  const engines: Engine[] = [...models];
  try {
    const labels = new Map<string, string>();
    for (const t of targets) {
      const k = await ctx.engines.kernel(t === 'host' ? undefined : t, (line) =>
        ctx.stderr.write(line),
      );
      kernels.push(k);
      // The host keeps its own name (kernel 6.18.44); a guest is named by its target.
      const label = t === 'host' ? k.name : `kernel ${t}`;
      labels.set(t, label);
      engines.push(labelled(k, label));
    }
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
            held: verdictHeld(v),
            failed: v.failed,
            unsupported: unrunParts(v),
          })),
        })),
        undocumentedErrnos: report.errnos,
      };
      ctx.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    } else ctx.stdout.write(renderDriftReport(report));
    const held = (c: CheckedClaim, engine: string) => {
      const v = c.verdicts.find((w) => w.engine === engine);
      return v === undefined ? undefined : verdictHeld(v);
    };
    const disagree = pairs.some(
      (p) =>
        p.model !== undefined &&
        report.claims.some((c) => held(c, labels.get(p.target) ?? '') !== held(c, p.model ?? '')),
    );
    return disagree ? 1 : 0;
  } finally {
    for (const k of kernels) await k.close?.();
  }
}
