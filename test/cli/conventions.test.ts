// Conventions every mmspec command keeps: --version, exit statuses in each help, one escaped
// line and status 2 for each misuse, options held to their documented ranges, quiet ends on
// a closed pipe, and no pass when nothing was checked.

import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main, type MainOptions } from '../../src/cli/main.js';
import { UnknownModelError, getModel } from '../../models/registry.js';
import { engineOf } from '../../src/kernel/modelEngine.js';
import type { Engine } from '../../src/uapi/engine.js';
import { MAX_WORKERS } from '../../src/cli/_internals/workers.js';
import { COMMANDS as ALL_COMMANDS } from '../../src/cli/_internals/commandTable.js';

const COMMANDS = ['run', 'models', 'conform', 'spec', 'graph', 'check', 'diff'];
const TRACE = 'a = mmap(NULL, 1P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n';

/** A kernel whose every run is unsupported, as on a machine without a C compiler. */
const noKernel: Engine = {
  name: 'kernel (no executor)',
  start: () => Promise.reject(new Error('no C compiler: the executor cannot be built')),
};

async function cli(argv: string[], files: Record<string, string> = {}, extra: MainOptions = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(argv, {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    readFile: (path) => {
      const text = files[path];
      return text === undefined
        ? Promise.reject(Object.assign(new Error('ENOENT'), { code: 'ENOENT' }))
        : Promise.resolve(text);
    },
    engines: {
      model: (name) =>
        name === 'linux-6.18'
          ? Promise.resolve(engineOf(getModel(name)))
          : Promise.reject(new UnknownModelError(name, ['linux-6.18'])),
      kernel: () => Promise.resolve(engineOf(getModel('linux-6.18'))),
      constants: () => Promise.resolve([]),
    },
    ...extra,
  });
  return { status, stdout: out.join(''), stderr: err.join('') };
}

/** Exit 2, nothing on stdout, one line on stderr. */
function misuse(r: { status: number; stdout: string; stderr: string }, message: string): void {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain(message);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
}

describe('mmspec --version and --help', () => {
  it('prints the version of package.json', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const r = await cli(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });

  it.each(COMMANDS)('%s --help lists the exit statuses, 2 and 130 included', async (command) => {
    const r = await cli([command, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\nExit status:\n {2}0 {4}\S/);
    expect(r.stdout).toContain('\n  2    misuse');
    expect(r.stdout).toContain('\n  130  interrupted (Ctrl-C)');
  });
});

describe('one list of exit statuses a command', () => {
  it.each(ALL_COMMANDS.map(([name]) => name))(
    '%s --help has one Exit status block',
    async (command) => {
      const r = await cli([command, '--help']);
      expect(r.status).toBe(0);
      // The block of exitStatusHelp.ts: a command's own text beside it would say other things.
      expect(r.stdout.split('Exit status:')).toHaveLength(2);
    },
  );
});

describe('options held to their documented ranges', () => {
  it.each([
    [['check', '--workers', '64'], `--workers takes 1 to ${MAX_WORKERS} (the cores here), got 64`],
    [['diff', 'linux-6.18', 'linux-6.18', '--workers', '64'], '--workers takes 1 to'],
    [
      ['spec', '--bound', '2'],
      "--bound must be REGIONSxPAGES with 1-3 regions and 1-4 pages (e.g. 2x2), got '2'",
    ],
    [['spec', '--bound', '0x0'], "got '0x0'"],
    [['spec', '--bound', '9x9'], "got '9x9'"],
    [['spec', '--depth', '9'], '--depth takes 0 to 5, got 9'],
    [['conform', '--jobs', '0'], "--jobs takes a positive whole number, got '0'"],
    [['graph', '--format', 'svg'], '--format svg draws one machine: add --machine NAME'],
    [['run', '--kernel', '--model', 'nosuch', 't.mmt'], "unknown model 'nosuch' (from --model)"],
    // A misspelt name is answered with the one meant.
    [['check', '--model', 'linux-6.81'], "unknown model 'linux-6.81'; did you mean 'linux-6.18'?"],
    [['check', '--prop', 'lockLimitRespectd'], "did you mean 'lockLimitRespected'?"],
    [['check', '--bound', 'regons=2'], "unknown key 'regons'; did you mean 'regions'?"],
    [['table', 'rlimt'], "unknown table 'rlimt'; did you mean 'rlimit'?"],
  ])('%j is refused in one line', async (argv, message) => {
    misuse(await cli(argv, { 't.mmt': TRACE }), message);
  });

  it('--kernel --model with a known model runs on the kernel', async () => {
    const r = await cli(['run', '--kernel', '--model', 'linux-6.18', 't.mmt'], { 't.mmt': TRACE });
    expect(r.status).toBe(0);
  });
});

describe('progress', () => {
  it('spec draws a progress line on a terminal and clears it', async () => {
    const err: string[] = [];
    const stderr = { isTTY: true, write: (s: string) => err.push(s) };
    const r = await cli(['spec', '--bound', '1x1', '--depth', '0'], {}, { stderr });
    expect(r.status).toBe(0);
    const text = err.join('');
    expect(text).toContain('\r\x1b[Kbuilding the statechart graph...');
    expect(text).toContain('\r\x1b[Kreplaying paths on the model: 0 of ');
    expect(text.endsWith('\r\x1b[K')).toBe(true);
  });
});

describe('nothing checked is not a pass', () => {
  it('an empty trace is reported, exit 2', async () => {
    const r = await cli(['run', 'e.mmt'], { 'e.mmt': '# only a comment\n\n' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('e.mmt:3:1: error: the trace has no statements');
  });

  it('conform exits 1 when no trace could be compared', async () => {
    const r = await cli(
      ['conform', '--no-litmus', '--depth', '1', '--random', '0'],
      {},
      {
        engines: {
          model: () => Promise.resolve(engineOf(getModel('linux-6.18'))),
          kernel: () => Promise.resolve(noKernel),
          constants: () => Promise.resolve([]),
        },
      },
    );
    expect(r.stdout).toMatch(/0 agreed, 0 disagreed/);
    expect(r.stderr).toContain('mmspec conform: nothing could be compared');
    expect(r.status).toBe(1);
  });

  it('check warns when no call of the bound changes a state', async () => {
    const r = await cli(['check', '--bound', 'depth=0', '--workers', '1']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('warning: no call of the bound changed a state');
  });
});

describe('binary garbage', () => {
  it('is echoed escaped, in arguments and in traces', async () => {
    const bad = 'x\u0007\u001b[2J';
    const results = [
      await cli(['graph', '--machine', bad]),
      await cli(['run', '--model', bad, 't.mmt'], { 't.mmt': TRACE }),
      await cli([bad]),
      await cli(['run', `${bad}.mmt`]),
      await cli(['run', 'g.mmt'], { 'g.mmt': `mlock(${bad}, 1P)\n` }),
      await cli(['run', 'g.mmt'], { 'g.mmt': `v = existing("${bad}")\n` }),
    ];
    for (const r of results) {
      // eslint-disable-next-line no-control-regex
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      expect(`${r.stdout}${r.stderr}`).toContain('x\\x07\\x1b[2J');
    }
  });
});

describe('a closed pipe', () => {
  it('ends `mmspec run ... | head` quietly, without EPIPE', () => {
    // The command writes far more than a pipe holds; head closes the pipe after 2 lines.
    const r = spawnSync(
      'bash',
      ['-o', 'pipefail', '-c', 'node bin/mmspec.js run spec/litmus/*.mmt | head -2 >/dev/null'],
      { encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(141);
    const graph = execFileSync(
      'bash',
      ['-c', 'node bin/mmspec.js graph --format mermaid 2>&1 | head -1'],
      {
        encoding: 'utf8',
      },
    );
    expect(graph).toBe('stateDiagram-v2\n');
  });
});
