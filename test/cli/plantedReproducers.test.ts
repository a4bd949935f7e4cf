// The planted-bug acceptance of `mmspec check`, end to end through the command line: each
// planted model is caught with its shortest trace, --emit-c writes a trace and a C program,
// the program compiles with -Wall -Werror and, run on this machine's kernel, says what it saw.
// (b) cannot be set up on x86-64 6.18 (no def_flags bit but the lock bits can be set there),
// and its reproducer must say so rather than pass or fail.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const hasCc = spawnSync('cc', ['--version']).status === 0;
const canRun = process.platform === 'linux' && process.getuid?.() === 0;

const PLANTED = [
  {
    model: 'planted:map-populate-foll',
    bound: 'small',
    prop: 'mapPopulateFaultsEverything',
    steps: 1,
    status: 1,
    says: 'does not behave like model planted:map-populate-foll',
  },
  {
    model: 'planted:mcl-future-unlocks',
    bound: 'small',
    prop: 'mclFutureAloneKeepsVmas',
    steps: 2,
    status: 1,
    says: 'does not behave like model planted:mcl-future-unlocks',
  },
  {
    model: 'planted:mlockall-clears-def-flags',
    bound: 'def-nohugepage',
    prop: 'mclFutureClearingConsistent',
    steps: 1,
    status: 3,
    says: 'cannot set up the trace: def_flags has no VM_NOHUGEPAGE on this kernel',
  },
];

describe.skipIf(!hasCc)('mmspec check --emit-c on the planted models', () => {
  it.each(PLANTED)(
    '$model: caught in $steps step(s); the reproducer reports',
    async (p) => {
      const dir = mkdtempSync(join(tmpdir(), 'mmspec-planted-'));
      const out: string[] = [];
      const status = await main(
        [
          'check',
          '--model',
          p.model,
          '--bound',
          p.bound,
          '--prop',
          p.prop,
          '--workers',
          '1',
        ].concat(['--emit-c', dir]),
        { stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => undefined } },
      );
      expect(status).toBe(1);
      expect(out.join('')).toContain(
        `${p.prop}: VIOLATED (shortest ${p.steps} ${p.steps === 1 ? 'step' : 'steps'},`,
      );
      const base = join(dir, `${p.prop}.${p.model.replace(/[^a-z0-9-]/gi, '_')}`);
      expect(readFileSync(`${base}.mmt`, 'utf8')).toContain(`model ${p.model}`);
      execFileSync('cc', ['-Wall', '-Werror', '-o', base, `${base}.c`]);
      if (!canRun) return;
      const run = spawnSync(base, { encoding: 'utf8' });
      expect(run.stdout).toContain(p.says);
      expect(run.status).toBe(p.status);
      // A differing check is named by its line in the prediction written beside the C.
      const differs = /^(\S+\.prediction\.mmt):(\d+): (.*)$/m.exec(run.stdout);
      if (p.status !== 1) return;
      expect(differs?.[1]).toBe(`${basename(base)}.prediction.mmt`);
      const lines = readFileSync(`${base}.prediction.mmt`, 'utf8').split('\n');
      expect(lines[Number(differs?.[2]) - 1]).toBe(differs?.[3]);
    },
    60_000,
  );
});

const staticCc =
  spawnSync('sh', ['-c', 'echo "int main(void){return 0;}" | cc -static -x c -o /dev/null -'])
    .status === 0;

describe('mmspec check --emit-c DIR --kernel TARGET', () => {
  async function check(extra: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const p = PLANTED[0];
    const argv = ['check', '--model', p?.model ?? '', '--bound', 'small', '--prop', p?.prop ?? ''];
    const status = await main([...argv, '--workers', '1', ...extra], {
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => err.push(s) },
    });
    return { status, stdout: out.join(''), stderr: err.join('') };
  }

  it.skipIf(!staticCc || !canRun)(
    'runs each reproducer on the kernel: its uname -r, output and verdict',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mmspec-emit-run-'));
      const r = await check(['--emit-c', dir, '--kernel', 'host']);
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/^# kernel host: uname -r \S+$/m);
      expect(r.stdout).toContain('does not behave like model planted:map-populate-foll');
      expect(r.stdout).toMatch(
        /^# \S+mapPopulateFaultsEverything\.planted_map-populate-foll\.c on host: does not reproduce: the kernel differs from model planted:map-populate-foll \(exit 1 /m,
      );
    },
    60_000,
  );

  it('is misuse without --emit-c, or with an unknown target: one line, status 2', async () => {
    const alone = await check(['--kernel', 'host']);
    expect(alone.status).toBe(2);
    expect(alone.stderr).toMatch(/^mmspec check: --kernel runs the reproducers of --emit-c/);
    const dir = mkdtempSync(join(tmpdir(), 'mmspec-emit-run-'));
    const unknown = await check(['--emit-c', dir, '--kernel', 'linux-9.99']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
