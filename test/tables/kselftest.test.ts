import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineOf } from '../../src/kernel/modelEngine.js';
import { computeTable } from '../../src/tables/computeTable.js';
import { emitKselftest } from '../../src/tables/kselftest/emitKselftest.js';
import { tableGrid } from '../../src/tables/tableGrid.js';
import { findTable } from '../../src/tables/tables.js';
import { getModel } from '../../models/registry.js';

const cc = spawnSync('cc', ['--version']).status === 0;
const root = process.getuid?.() === 0;

const setpriv = spawnSync('setpriv', ['--version']).status === 0;
/** Runs as nobody, with no capability: how a test author who is not root runs it. */
const AS_NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all'];

async function buildAndRun(table: string, model: string, unprivileged = false) {
  const spec = findTable(table);
  if (spec === undefined) throw new Error(table);
  const grid = tableGrid(await computeTable(spec, [engineOf(getModel(model))]));
  const dir = await mkdtemp(join(tmpdir(), 'mmspec-ksft-'));
  const src = join(dir, 'test.c');
  await writeFile(src, emitKselftest(grid));
  const build = spawnSync('cc', ['-Wall', '-Werror', '-o', join(dir, 'test'), src], {
    encoding: 'utf8',
  });
  const [command, args] = unprivileged
    ? ['setpriv', [...AS_NOBODY, join(dir, 'test')]]
    : [join(dir, 'test'), []];
  const run = build.status === 0 ? spawnSync(command, args, { encoding: 'utf8' }) : undefined;
  return { build, run, lines: grid.lines.length };
}

describe.skipIf(!cc || !root)('kselftest C of a table', () => {
  it('compiles with -Wall -Werror and passes on the host, a TAP result line a cell', async () => {
    for (const table of ['mlockall-order', 'fork', 'madvise-populate']) {
      const { build, run, lines } = await buildAndRun(table, 'linux-6.18');
      expect(build.stderr, table).toBe('');
      expect(run?.status, `${table}\n${run?.stdout ?? ''}`).toBe(0);
      const out = run?.stdout ?? '';
      expect(out).toMatch(/^TAP version 13\n1\.\.\d+\n/);
      expect(out.match(/^(not )?ok \d+ /gm)?.length).toBe(lines);
      expect(out).not.toMatch(/^not ok/m);
      expect(out).toMatch(/# Totals: pass:\d+ fail:0 /);
    }
  });

  it('fails, cell by cell, when the table comes from a model the kernel does not follow', async () => {
    const { run } = await buildAndRun('mlockall-order', 'planted:mcl-future-unlocks');
    expect(run?.status).toBe(1);
    expect(run?.stdout).toMatch(/^not ok \d+ mlockall-order/m);
  });

  it.skipIf(!setpriv)('skips, not fails, when run without root', async () => {
    const { run } = await buildAndRun('errno-order', 'linux-6.18', true);
    expect(run?.stdout).toBe(
      'TAP version 13\n1..0 # SKIP needs root (/proc/kpageflags, CAP_IPC_LOCK, RLIMIT_MEMLOCK)\n',
    );
    expect(run?.status).toBe(4);
  });
});
