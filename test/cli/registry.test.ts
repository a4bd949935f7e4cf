// One registry for every command: every command of the program that takes a model (a `--model`
// option or a `<model-...>` argument: run, check, diff, conform, spec, draw, coverage, manpages,
// table, review) accepts exactly the same model names (registered, planted, and a model file of
// the user's own) and refuses the same unknown one with exit status 2 (models/registry.ts). The
// list is read from the commander program itself, so a new command cannot be left out.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as cli } from '../runCli.js';
import { listModels } from '../../models/registry.js';
import { type main, mmspecProgram } from '../../src/cli/main.js';
import type { CliContext } from '../../src/cli/_internals/io.js';

const dir = mkdtempSync(join(tmpdir(), 'mmspec-registry-'));
const trace = join(dir, 'one.mmt');
writeFileSync(trace, 'a = mmap(NULL, 1P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n');
// One man-page claim and no litmus traces: `manpages` and `coverage` read these folders.
const claims = join(dir, 'claims');
const litmus = join(dir, 'litmus');
mkdirSync(claims);
mkdirSync(litmus);
writeFileSync(
  join(claims, 'ebadf.mmt'),
  readFileSync(new URL('../../spec/manpages/ebadf.mmt', import.meta.url), 'utf8'),
);

// A model file as a user writes one outside the repository: it extends a registered model.
const dist = new URL('../../dist/', import.meta.url).href;
const modelFile = join(dir, 'my-model.mjs');
writeFileSync(
  modelFile,
  `import { extend } from '${dist}src/kernel/model.js';
import { linux618 } from '${dist}models/linux-6.18.js';
export default extend(linux618, {
  name: 'my-model',
  description: 'linux-6.18 under another name',
  provenance: 'test/cli/registry.test.ts',
});
`,
);

const TINY = 'regions=1,pages=1,depth=1';
const COMMANDS: Record<string, (model: string) => string[]> = {
  run: (m) => ['run', '--model', m, trace],
  check: (m) => ['check', '--model', m, '--bound', TINY, '--workers', '1'],
  diff: (m) => ['diff', 'linux-6.18', m, '--bound', TINY, '--workers', '1'],
  conform: (m) => [
    'conform',
    '--model',
    m,
    '--reference',
    'linux-6.18',
    '--no-litmus',
    '--depth',
    '0',
    '--random',
    '1',
    '--seed',
    '1',
  ],
  spec: (m) => ['spec', '--model', m, '--bound', '1x1', '--depth', '0'],
  draw: (m) => ['draw', '--model', m, trace],
  coverage: (m) => ['coverage', '--model', m, '--litmus', litmus, '--claims', claims],
  manpages: (m) => ['manpages', '--model', m, '--no-kernel', '--dir', claims, '--litmus', litmus],
  table: (m) => ['table', 'fork', '--model', m],
  review: (m) => ['review', 'linux-6.18', m, '--bound', TINY, '--workers', '1'],
};

// `new-model --from BASE` takes a model too, but only a registered one: the file it writes
// imports its base by name, which a planted model or another model file has not.
const REGISTERED_ONLY = new Set(['new-model']);

/** The commands of the program that take a model name, by their options and arguments. */
async function modelCommands(): Promise<string[]> {
  const silent = { write: () => true };
  const ctx = { stdout: silent, stderr: silent } as unknown as CliContext;
  return (await mmspecProgram(ctx, () => undefined)).commands
    .filter(
      (c) =>
        c.options.some((o) => o.long === '--model' || /<model>/.test(o.flags)) ||
        c.registeredArguments.some((a) => a.name().startsWith('model')),
    )
    .map((c) => c.name());
}

// `coverage` reads the compiled kernel next to the CLI (src/tables/coverage/coverageCorpus.ts:
// kernelDirs), so it runs in the built CLI of dist/, in-process like the others.
type Main = (argv: string[], options: Parameters<typeof main>[1]) => Promise<number>;
const builtMain = async (): Promise<Main> =>
  ((await import(`${dist}src/cli/main.js`)) as { main: Main }).main;
const BUILT = new Set(['coverage']);

async function runCommand(command: string, argv: string[]) {
  if (!BUILT.has(command)) return cli(argv);
  const out: string[] = [];
  const err: string[] = [];
  const status = await (
    await builtMain()
  )(argv, {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
  });
  return { status, stdout: out.join(''), stderr: err.join('') };
}

const names = [...listModels().map((m) => m.name), modelFile];
// `coverage` runs every error branch of the kernel for each model (seconds a model): it takes one
// name of each kind; the registry that resolves them is the one every command uses.
const oneOfEachKind = [
  ...['registered', 'planted'].map(
    (kind) => listModels().find((m) => m.kind === kind)?.name ?? kind,
  ),
  modelFile,
];

describe('every command resolves models through the one registry', () => {
  it('has a case for every command of the program that takes a model', async () => {
    const found = await modelCommands();
    expect(found).toEqual(expect.arrayContaining(Object.keys(COMMANDS)));
    expect(found.filter((c) => !REGISTERED_ONLY.has(c)).sort()).toEqual(
      Object.keys(COMMANDS).sort(),
    );
  });

  it('lists the registered and the planted models', () => {
    const kinds = new Set(listModels().map((m) => m.kind));
    expect(kinds).toEqual(new Set(['registered', 'planted']));
  });

  for (const [command, argv] of Object.entries(COMMANDS)) {
    it.each(BUILT.has(command) ? oneOfEachKind : names)(`${command} accepts %s`, async (name) => {
      const r = await runCommand(command, argv(name));
      expect(r.stderr).not.toMatch(/unknown model|internal error|cannot load/);
      expect([0, 1]).toContain(r.status);
    });

    it(`${command} refuses an unknown model with exit status 2`, async () => {
      const r = await runCommand(command, argv('nosuch'));
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("unknown model 'nosuch'");
      expect(r.stderr).not.toContain('    at ');
    });
  }

  it('refuses a trace whose model directive names a file, and never loads that file', async () => {
    const marker = join(dir, 'ran');
    const evil = join(dir, 'evil.mjs');
    writeFileSync(
      evil,
      `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, 'x');`,
    );
    const t = join(dir, 'mailed.mmt');
    writeFileSync(
      t,
      `model ${evil}\na = mmap(NULL, 1P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n`,
    );
    const r = await cli(['run', t]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("a trace's model directive names a model, not a file");
    expect(existsSync(marker)).toBe(false);
  });
});
