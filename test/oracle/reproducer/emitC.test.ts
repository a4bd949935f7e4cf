// The C reproducers: generated from counterexample traces, they compile with -Wall -Werror;
// as root on Linux they run, and report that the kernel does not behave like a planted model.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkKernel } from '../../../src/check/checkKernel.js';
import { emitC } from '../../../src/oracle/reproducer/emitC.js';
import { parse } from '../../../src/trace/parser.js';
import { SMALL_KERNEL_BOUND } from '../../../src/check/kernelBounds.js';
import { getModel } from '../../../models/registry.js';
import { executorData } from '../../../src/kernel/dataLimit.js';

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
        'check VmData = 4P',
        'check VmData >= 4P',
        'check AnonHugePages = 0',
        'check vmas(a, 4P) = 2',
        'check page(a + 1P) has present anon',
        'check page(a + 3P) lacks present',
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

  it("places mremap's NULL hint beside MREMAP_DONTUNMAP at the next region spot, as the runner does", () => {
    const name = 'MREMAP_DONTUNMAP+NULL_hint';
    const file = `spec/litmus/${name}.mmt`;
    const source = emitC(parse(readFileSync(file, 'utf8'), file), {
      model: 'linux-6.18',
      title: name,
    });
    expect(source).toMatch(/MREMAP_DONTUNMAP\), \(unsigned long\)REGION_HINT\(1\)/);
    const bin = build(name.replace(/\+/g, '_'), source);
    if (!canRun) return;
    const r = spawnSync(bin, { encoding: 'utf8' });
    expect(r.stdout, name).toContain('behaves as model linux-6.18 predicts');
    expect(r.status).toBe(0);
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

/** Whether this machine lets a MADV_HUGEPAGE region have THP (observables.h:thp_mode_allows). */
function thpAllowed(): boolean {
  try {
    return !readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8').includes('[never]');
  } catch {
    return false;
  }
}

/** Emits, builds and (as root) runs the reproducer of a litmus trace; its exit status. */
function runLitmus(file: string): { source: string; status: number | null; stdout: string } {
  const program = parse(readFileSync(file, 'utf8'), file);
  const source = emitC(program, { model: 'linux-6.18', title: file, programData: executorData() });
  const bin = build(file.replace(/\W+/g, '_'), source);
  if (!canRun) return { source, status: null, stdout: '' };
  const r = spawnSync(bin, { encoding: 'utf8' });
  return { source, status: r.status, stdout: r.stdout };
}

describe.skipIf(!hasCc)('emitC of the litmus traces', () => {
  it('checks page() words, AnonHugePages and thp on as the executor does (spec/litmus/thp)', () => {
    const dir = 'spec/litmus/thp';
    const files = readdirSync(dir).filter((n) => n.endsWith('.mmt'));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const name of files) {
      const { source, status, stdout } = runLitmus(`${dir}/${name}`);
      expect(source, name).not.toMatch(/no C form yet/);
      const thpOn = /^thp on$/m.test(readFileSync(`${dir}/${name}`, 'utf8'));
      expect(source, name).toContain(`set_thp(${thpOn ? 1 : 0});`);
      if (status === null) continue;
      const expected = thpOn && !thpAllowed() ? 3 : 0;
      expect({ name, status, stdout }).toMatchObject({ name, status: expected });
    }
    const huge = runLitmus(`${dir}/MADV_HUGEPAGE+write+mlock.mmt`).source;
    expect(huge).toMatch(
      /check_bytes\(\d+, "check AnonHugePages = 512P", "AnonHugePages", anon_huge_bytes/,
    );
    expect(huge).toMatch(/check_page\(\d+, "check page\(a \+ 511P\) has thp tail"/);
  }, 60_000);

  it('checks VmData, RLIMIT_DATA and brk with the executor’s own data (spec/litmus/rlimit)', () => {
    const dir = 'spec/litmus/rlimit';
    const files = readdirSync(dir).filter((n) => n.endsWith('.mmt') && !n.startsWith('execve'));
    expect(files.filter((n) => n.includes('VmData')).length).toBeGreaterThanOrEqual(3);
    for (const name of files) {
      const { source, status, stdout } = runLitmus(`${dir}/${name}`);
      expect(source, name).toContain('pad_program_data(');
      expect(source, name).not.toMatch(/no C form yet/);
      if (status !== null) expect({ name, status, stdout }).toMatchObject({ name, status: 0 });
    }
  }, 60_000);

  it('has no C form for execve, and refuses a data-limited trace without the executor’s figures', () => {
    const exec = parse(readFileSync('spec/litmus/rlimit/execve+brk+VmData.mmt', 'utf8'), 'x');
    expect(() =>
      emitC(exec, { model: 'linux-6.18', title: 'x', programData: executorData() }),
    ).toThrow(RangeError);
    const limited = parse('rlimit DATA 1024P\ncheck VmData = 0\n', 'y');
    expect(() => emitC(limited, { model: 'linux-6.18', title: 'y' })).toThrow(/programData/);
  });

  it('checks what the version it is emitted for states (`on` clauses)', () => {
    const program = parse(
      [
        'a = mmap(NULL, 1P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)',
        'madvise(a, 1P, MADV_POPULATE_READ) = 0 on linux-5.10 = -1 EINVAL',
        'check pages(a, 1P) = "z" on linux-5.10 = "."',
        '',
      ].join('\n'),
      'on.mmt',
    );
    const old = emitC(program, { model: 'linux-5.10', title: 'on' });
    expect(old).toContain(
      'expect(2, "madvise(a, 1P, MADV_POPULATE_READ) = 0 on linux-5.10 = -1 EINVAL", r, e, -1, EINVAL);',
    );
    expect(old).toContain('check_pages(3, "check pages(a, 1P) = \\".\\"", a, (1 * PAGE), ".");');
    const now = emitC(program, { model: 'linux-6.18', title: 'on' });
    expect(now).toContain('check_pages(3, "check pages(a, 1P) = \\"z\\"", a, (1 * PAGE), "z");');
  });
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

describe('the reproducer header', () => {
  it('opens with the title and stars every line of the trace under it, once', () => {
    const c = emitC(parse('check VmLck = 0\n', 'one.mmt'), {
      model: 'linux-6.18',
      title: 'p fails on model m.\nmlock(a, 1P) = 0\ncheck VmLck = 1P',
    });
    const comment = c.slice(0, c.indexOf(' */') + 3).split('\n');
    expect(comment[0]).toBe('/* p fails on model m.');
    expect(comment.filter((l) => l.includes('mlock(a, 1P) = 0'))).toEqual([' * mlock(a, 1P) = 0']);
    expect(comment.every((l, i) => i === 0 || l.startsWith(' *'))).toBe(true);
  });
});
