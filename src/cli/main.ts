// The mmspec command line. Thin: parse arguments, call the library, set the exit status.
// Whatever goes wrong, the user gets one clear line and status 2, never a stack trace.

import { readFile } from 'node:fs/promises';
import { Command, CommanderError } from '@commander-js/extra-typings';
import { type CommandFactory, loadCommands } from './_internals/commandTable.js';
import type { CliContext, EngineSource, Writer } from './_internals/io.js';
import { loadKernelEngine } from './_internals/kernelEngineLoader.js';
import { resolveModel } from '../../models/registry.js';
import { engineOf } from '../kernel/modelEngine.js';
import { endQuietlyOnBrokenPipe } from './_internals/brokenPipe.js';
import { exitStatusHelp } from './_internals/exitStatusHelp.js';
import { packageVersion } from './_internals/packageInfo.js';
import { printable, printableWriter } from '../trace/printable.js';

export interface MainOptions {
  readonly stdout?: Writer;
  readonly stderr?: Writer;
  readonly engines?: Partial<EngineSource>;
  readonly readFile?: (path: string) => Promise<string>;
}

// Every command reaches the same models through models/registry.ts: the registered ones, the
// planted-bug variants (`planted:NAME`) and model files, so a counterexample `mmspec check`
// prints for any of them re-runs with `mmspec run`.
const defaultEngines: EngineSource = {
  model: async (name) => engineOf(await resolveModel(name)),
  kernel: loadKernelEngine,
  constants: (name) =>
    resolveModel(name).then(
      (m) => m.constants,
      () => [],
    ),
};

export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  if (options.stdout === undefined || options.stderr === undefined) endQuietlyOnBrokenPipe();
  const ctx: CliContext = {
    // Traces, file names and arguments are echoed: binary garbage in them is shown escaped.
    stdout: printableWriter(options.stdout ?? process.stdout),
    stderr: printableWriter(options.stderr ?? process.stderr),
    engines: { ...defaultEngines, ...options.engines },
    readFile: options.readFile ?? ((path) => readFile(path, 'utf8')),
  };
  let status = 0;
  const done = (s: number) => {
    status = s;
  };
  const output = {
    writeOut: (s: string) => void ctx.stdout.write(s),
    // Commander puts its "(Did you mean --json?)" on a line of its own: one line for a misuse.
    writeErr: (s: string) =>
      void ctx.stderr.write(s.replace(/\n\(Did you mean ([^)\n]*)\)/, ' (did you mean $1)')),
  };
  // A command named first loads only its own modules (`run` needs a fifth of what every command
  // together imports); help, a misspelt command or none loads them all.
  const program = await mmspecProgram(ctx, done, argv.slice(0, 1));
  // Subcommands added with addCommand inherit no settings: each gets the same streams.
  for (const command of [program, ...program.commands]) {
    command.exitOverride().configureOutput(output);
    command.addHelpText('after', exitStatusHelp(command.name()));
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return status;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const message = error instanceof Error ? error.message : String(error);
    // A model file's own code failing (a decision that throws, maybe in a worker thread, which
    // hands back a copy of the error with its name) is the file's error, not mmspec's.
    const theFile = error instanceof Error && error.name === 'ModelFileError';
    // The file's error whole (where, the line, a caret); anything else as one line.
    const lines = theFile ? message.split('\n') : [message.split('\n')[0] ?? ''];
    const what = theFile ? '' : 'internal error: ';
    ctx.stderr.write(`mmspec: ${what}${lines.map(printable).join('\n')}\n`);
    return 2;
  }
}

/**
 * The command tree of mmspec, every subcommand in it (or only those named in `only`): main
 * parses with it, and the tests enumerate it (every command that takes a model is held to the
 * one registry).
 */
export async function mmspecProgram(
  ctx: CliContext,
  done: (status: number) => void,
  only?: readonly string[],
): Promise<Command> {
  const program = new Command('mmspec')
    .description('executable specification and model checker of the Linux memory-locking API')
    .version(packageVersion(), '-V, --version', 'print the version of mmspec');
  const factories: readonly CommandFactory[] = await loadCommands(only);
  for (const command of factories) program.addCommand(command(ctx, done));
  return program;
}
