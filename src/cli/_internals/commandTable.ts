// mmspec's subcommands, in the order `mmspec --help` lists them, each imported only when it is
// needed: together they load about 430 modules with xstate, viz, marked and preact (about
// 0.3 s of CPU before any output), where `run` needs 85 of them.

import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { CliContext } from './io.js';

export type CommandFactory = (
  ctx: CliContext,
  done: (status: number) => void,
) => CommandUnknownOpts;

/**
 * The option values a command's action receives, as commander infers them from the command's
 * own option declarations (@commander-js/extra-typings): each option is declared once, in the
 * chain, and its name and type follow from it.
 */
export type FlagsOf<C extends { opts(): unknown }> = ReturnType<C['opts']>;

/** A subcommand's name (as its Command is named) and how to import it. */
export const COMMANDS: readonly (readonly [name: string, load: () => Promise<CommandFactory>])[] = [
  ['run', async () => (await import('../run.js')).runCommand],
  ['models', async () => (await import('../models.js')).modelsCommand],
  ['conform', async () => (await import('../conform.js')).conformCommand],
  ['spec', async () => (await import('../spec.js')).specCommand],
  ['graph', async () => (await import('../graph.js')).graphCommand],
  ['check', async () => (await import('../check.js')).checkCommand],
  ['merge', async () => (await import('../merge.js')).mergeCommand],
  ['diff', async () => (await import('../diff.js')).diffCommand],
  ['draw', async () => (await import('../draw.js')).drawCommand],
  ['report', async () => (await import('../report.js')).reportCommand],
  ['table', async () => (await import('../table.js')).tableCommand],
  ['manpages', async () => (await import('../manpages.js')).manpagesCommand],
  ['coverage', async () => (await import('../coverage.js')).coverageCommand],
  ['kernels', async () => (await import('../kernels.js')).kernelsCommand],
  ['run-c', async () => (await import('../runC.js')).runCCommand],
  ['history', async () => (await import('../history.js')).historyCommand],
  ['new-model', async () => (await import('../newModel.js')).newModelCommand],
  ['review', async () => (await import('../review.js')).reviewCommand],
];

/**
 * The subcommands named in `only` when it names any, else every one (help and a misspelt
 * command need them all: commander lists them and suggests the nearest).
 */
export function loadCommands(only: readonly string[] = []): Promise<CommandFactory[]> {
  const named = COMMANDS.filter(([name]) => only.includes(name));
  return Promise.all((named.length > 0 ? named : COMMANDS).map(([, load]) => load()));
}
