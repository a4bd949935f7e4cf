// The C reproducers: generated from counterexample traces, they compile with -Wall -Werror;
// as root on Linux they run, and report that the kernel does not behave like a planted model.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkKernel } from '../../../src/check/checkKernel.js';
import { emitC } from '../../../src/oracle/reproducer/emitC.js';
import { parse } from '../../../src/trace/parser.js';
import { SMALL_KERNEL_BOUND } from '../../../src/check/kernelBounds.js';
import { getModel } from '../../../models/registry.js';

const dir = mkdtempSync(join(tmpdir(), 'mmspec-repro-'));
const hasCc = spawnSync('cc', ['--version']).status === 0;
const canRun = process.platform === 'linux' && process.getuid?.() === 0;

function build(name: string, source: string): string {
  const c = join(dir, `${name}.c`);
  const bin = join(dir, name);
  writeFileSync(c, source);
  execFileSync('cc', ['-Wall', '-Werror', '-o', bin, c]);
  return bin;
}

describe.skipIf(!hasCc)('emitC', () => {
  it('compiles a trace with every observable, fork, rlimit and cap directives', () => {
    const program = parse(
      [
        'rlimit MEMLOCK 2P',
        'cap CAP_IPC_LOCK off',
        '',
        'f = tmpfile(3P)',
        'a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)',
        'mlock(a, 1P) = 0',
        'write(a + 1P, 7) = 0',
        'read(a + 2P) = 0',
        'fork {',
        '  check vmflags(a) lacks lo',
        '}',
        'check pages(a, 4P) = "L[pz]?."',
        'check vma(a) = a .. a + 1P',
        'check VmLck = 1P',
        'check def_flags lacks lo lf',
        '',
      ].join('\n'),
      'all.mmt',
    );
    const bin = build('all', emitC(program, { model: 'linux-6.18', title: 'every observable' }));
    if (!canRun) return;
    const r = spawnSync(bin, { encoding: 'utf8' });
    expect(r.stdout).toContain('behaves as model linux-6.18 predicts');
    expect(r.status).toBe(0);
  });

  it('compiles setrlimit and capset mid-trace, and the kernel answers as the model (spec/litmus/midtrace)', () => {
    for (const name of ['mlock+setrlimit+mlock', 'mlock+cap_drop+mlock']) {
      const file = `spec/litmus/midtrace/${name}.mmt`;
      const program = parse(readFileSync(file, 'utf8'), file);
      const source = emitC(program, { model: 'linux-6.18', title: name });
      expect(source).toMatch(/trace_(setrlimit|capset)\(/);
      const bin = build(name.replace(/\+/g, '_'), source);
      if (!canRun) continue;
      const r = spawnSync(bin, { encoding: 'utf8' });
      expect(r.stdout, name).toContain('behaves as model linux-6.18 predicts');
      expect(r.status).toBe(0);
    }
  });

  it('a planted bug: the reproducer compiles and, on this kernel, reports the difference', async () => {
    const model = getModel('planted:mcl-future-unlocks');
    const report = await checkKernel(model, SMALL_KERNEL_BOUND, {
      properties: ['mclFutureAloneKeepsVmas'],
    });
    const c = report.properties[0]?.counterexample;
    expect(c?.steps.length).toBe(2);
    if (c === undefined) return;
    const bin = build(
      'planted',
      emitC(c.prediction.program, { model: model.name, title: 'planted' }),
    );
    if (!canRun) return;
    const r = spawnSync(bin, { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('does not behave like model planted:mcl-future-unlocks');
  }, 30_000);
});

describe('the readers a reproducer shares with the executor', () => {
  it('carries src/oracle/observables.h verbatim, the file executor.c includes', () => {
    const header = readFileSync(
      new URL('../../../src/oracle/observables.h', import.meta.url),
      'utf8',
    );
    const executor = readFileSync(
      new URL('../../../src/oracle/executor.c', import.meta.url),
      'utf8',
    );
    expect(executor).toMatch(/^#include "observables.h"/m);
    const c = emitC(parse('check VmLck = 0\n', 'one.mmt'), { model: 'linux-6.18', title: 'one' });
    expect(c).toContain(header);
    // One definition of each reader: the reproducer's own part does not read /proc itself.
    const own = c.replace(header, '');
    expect(own).not.toMatch(/\/proc\/self\/(smaps|maps|status|pagemap)/);
  });

  it('ships the header with the package', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as { files: string[] };
    expect(pkg.files).toContain('src/oracle/observables.h');
  });
});

describe.skipIf(!hasCc)('emitC names', () => {
  it('compiles a trace whose variables are named like the C program’s own (e, r, pid)', () => {
    const program = parse(
      [
        'e = mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)',
        'r = mmap(NULL, 1P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)',
        'fork {',
        '  pid = mmap(NULL, 1P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)',
        '  check vma(pid) = pid .. pid + 1P',
        '}',
        'mlock(e, 2P) = 0',
        'check pages(e, 2P) = "LL"',
        'check vma(r) = r .. r + 1P',
        '',
      ].join('\n'),
      'names.mmt',
    );
    const bin = build('names', emitC(program, { model: 'linux-6.18', title: 'names' }));
    if (!canRun) return;
    const run = spawnSync(bin, { encoding: 'utf8' });
    expect(run.stdout).toContain('behaves as model linux-6.18 predicts');
    expect(run.status).toBe(0);
  });
});
