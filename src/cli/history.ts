// `mmspec history TRACE [--kernels all|TARGET,...] [--jobs N] [--json]`: one trace on every
// registered model and every kernel target (Debian kernels under qemu, and this machine), as
// one table: which versions pass, the first statement that fails on each, and between which
// kernel versions the behaviour changed. Exit status: 0 it ran everywhere, 2 misuse or the
// trace could not be read (a version where it could not run is a row, not a failure).

import { release } from 'node:os';
import { Command } from '@commander-js/extra-typings';
import { history, type HistoryColumn, type HistoryRow } from '../conform/history.js';
import { formatDiagnostic } from '../trace/diagnostic.js';
import { DEBIAN_KERNELS, parseKernelTarget } from '../oracle/targets/kernelTargets.js';
import type { FlagsOf } from './_internals/commandTable.js';
import type { CliContext } from './_internals/io.js';
import { loadTrace } from './_internals/loadTrace.js';
import { Misuse, isMisuse, wholeOption } from './_internals/misuse.js';
import { listModels } from '../../models/registry.js';
import { jsonOption } from './_internals/sharedOptions.js';

/** The targets asked for, in version order; the host after the target of its series. */
function kernelLabels(flags: HistoryFlags): string[] {
  const named =
    flags.kernels === 'all'
      ? DEBIAN_KERNELS.map((k) => k.target)
      : flags.kernels
          .split(',')
          .filter((n) => n !== '')
          .map((n) => {
            const t = parseKernelTarget(n);
            if (t.kind === 'host')
              throw new Misuse(
                '--kernels lists Debian targets; the host is added unless --no-host',
              );
            return t.target;
          });
  if (!flags.host) return named;
  const [major, minor] = release().split('.').map(Number);
  const hostKey = (major ?? 0) * 1000 + (minor ?? 0);
  const keyOf = (label: string) => {
    const [a, b] = label.replace('linux-', '').split('.').map(Number);
    return (a ?? 0) * 1000 + (b ?? 0);
  };
  const at = named.findIndex((l) => keyOf(l) > hostKey);
  const out = [...named];
  out.splice(at < 0 ? out.length : at, 0, 'host');
  return out;
}

function renderRows(file: string, source: string, rows: readonly HistoryRow[]): string {
  const lines = source.split('\n');
  const w = Math.max(...rows.map((r) => r.label.length));
  const out = [`# history of ${file}`];
  for (const r of rows) {
    let detail = '';
    if (r.first !== undefined) {
      const text = (lines[r.first.line - 1] ?? '').trim();
      detail = `line ${r.first.line}: ${text}  (expected ${r.first.expected}, saw ${r.first.seen})`;
    } else if (r.reason !== undefined) detail = r.reason;
    out.push(`${r.label.padEnd(w)}  ${r.status.padEnd(13)} ${detail}`);
  }
  out.push('', '# engines:');
  for (const r of rows)
    out.push(`#   ${r.label.padEnd(w)}  ${r.engine} (${r.seconds.toFixed(1)} s)`);
  return `${out.join('\n')}\n`;
}

const historyOptions = () =>
  new Command('history')
    .description('run one trace on every model and every kernel target; where did it change?')
    .argument('<trace>', 'the trace file')
    .option('--kernels <targets>', 'the Debian kernel targets, comma separated, or all', 'all')
    .option('--no-host', "leave out this machine's kernel")
    .option('--jobs <n>', 'guests booted at once', '2')
    .addOption(jsonOption());

type HistoryFlags = FlagsOf<ReturnType<typeof historyOptions>>;

export function historyCommand(ctx: CliContext, done: (status: number) => void) {
  return historyOptions().action(async (file, flags) => {
    let labels: string[];
    let jobs: number;
    try {
      labels = kernelLabels(flags);
      jobs = Math.max(1, wholeOption('jobs', flags.jobs) ?? 2);
    } catch (error) {
      if (
        !isMisuse(error) &&
        !(error instanceof Error && error.name === 'UnknownKernelTargetError')
      )
        throw error;
      ctx.stderr.write(`mmspec history: ${error.message}\n`);
      done(2);
      return;
    }
    const loaded = await loadTrace(file, undefined, ctx);
    if (!loaded.ok) {
      ctx.stderr.write(
        typeof loaded.error === 'string'
          ? `${file}: error: ${loaded.error}\n`
          : formatDiagnostic(loaded.error),
      );
      done(2);
      return;
    }
    const source = await ctx.readFile(file);
    const models: HistoryColumn[] = listModels()
      .filter((m) => m.kind === 'registered')
      .map((m) => ({
        label: `model ${m.name}`,
        kind: 'model',
        open: () => ctx.engines.model(m.name),
      }));
    const kernels: HistoryColumn[] = labels.map((label) => ({
      label,
      kind: 'kernel',
      open: () => ctx.engines.kernel(label, (line) => ctx.stderr.write(line)),
    }));
    const started = Date.now();
    const result = await history(loaded.program, loaded.constants, [...models, ...kernels], {
      jobs,
    });
    const seconds = (Date.now() - started) / 1000;
    if (flags.json === true) {
      ctx.stdout.write(`${JSON.stringify({ file, ...result, seconds }, null, 2)}\n`);
    } else {
      ctx.stdout.write(renderRows(file, source, result.rows));
      const lines = source.split('\n');
      if (result.changes.length === 0) ctx.stdout.write('# the kernels all behave the same\n');
      for (const [i, c] of result.changes.entries()) {
        const text =
          c.line === undefined ? '' : `, line ${c.line}: ${(lines[c.line - 1] ?? '').trim()}`;
        ctx.stdout.write(`# ${i === 0 ? 'first change' : 'change'}: ${c.from} -> ${c.to}${text}\n`);
      }
      ctx.stdout.write(`# ${result.rows.length} versions in ${seconds.toFixed(0)} s\n`);
    }
    done(0);
  });
}
