// Program mode on a real guest: ONE Debian kernel (linux-6.12, fetched into the user's cache on
// first use) boots once per program: a planted model's --emit-c reproducer, built static, says
// on 6.12 what it says on the host; a table's kselftest, generated from the linux-6.12 model,
// passes there. Gated like guestBoot.test.ts: skipped, with the reason, only where qemu or a
// static C toolchain is missing or the image is neither cached nor downloadable.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { engineOf } from '../../../src/kernel/modelEngine.js';
import { compileStatic } from '../../../src/oracle/guest/compileStatic.js';
import { runProgramInGuest } from '../../../src/oracle/guest/guestProgram.js';
import { mmspecCacheDir } from '../../../src/oracle/targets/cacheDir.js';
import { cachedKernelImage } from '../../../src/oracle/targets/kernelImage.js';
import { parseKernelTarget } from '../../../src/oracle/targets/kernelTargets.js';
import { computeTable } from '../../../src/tables/computeTable.js';
import { emitKselftest } from '../../../src/tables/kselftest/emitKselftest.js';
import { tableGrid } from '../../../src/tables/tableGrid.js';
import { findTable } from '../../../src/tables/tables.js';
import { getModel } from '../../../models/registry.js';

function works(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const target = parseKernelTarget('linux-6.12');
const kernel = target.kind === 'debian' ? target : undefined;
const cacheDir = mmspecCacheDir();
const cached = kernel !== undefined && (await cachedKernelImage(kernel, cacheDir)) !== undefined;
const staticCc =
  spawnSync('sh', ['-c', 'echo "int main(void){return 0;}" | cc -static -x c -o /dev/null -'])
    .status === 0;
const skip = !works('qemu-system-x86_64', ['--version'])
  ? 'qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)'
  : !staticCc
    ? 'no static C toolchain (apt-get install gcc libc6-dev)'
    : !cached && !works('getent', ['hosts', 'deb.debian.org'])
      ? 'linux-6.12 is not cached and deb.debian.org is unreachable'
      : undefined;

const figure = (what: string, r: { bootMs: number; runMs: number; accel: string }) =>
  console.log(`${what}: boot ${r.bootMs / 1000} s, run ${r.runMs / 1000} s (${r.accel})`);

describe.skipIf(skip !== undefined || kernel === undefined)(
  `a static C program in a linux-6.12 guest${skip === undefined ? '' : ` (skipped: ${skip})`}`,
  () => {
    it('runs a planted model --emit-c reproducer: it says the kernel does not behave like the model', async () => {
      if (kernel === undefined) return;
      const dir = await mkdtemp(join(tmpdir(), 'mmspec-guest-repro-'));
      const model = 'planted:map-populate-foll';
      const prop = 'mapPopulateFaultsEverything';
      const quiet = { write: () => undefined };
      const status = await main(
        ['check', '--model', model, '--bound', 'small', '--prop', prop, '--workers', '1'].concat([
          '--emit-c',
          dir,
        ]),
        { stdout: quiet, stderr: quiet },
      );
      expect(status).toBe(1);
      const base = join(dir, `${prop}.planted_map-populate-foll`);
      await compileStatic(`${base}.c`, base);
      const run = await runProgramInGuest(kernel, base, { cacheDir });
      figure('reproducer', run);
      expect(run.release).toMatch(/^6\.12\./);
      expect(run.output).toContain(`does not behave like model ${model}`);
      expect(run.end).toEqual({ exit: 1 });
    }, 600_000);

    it("runs the linux-6.12 model's mlockall-order kselftest: every cell passes, TAP", async () => {
      if (kernel === undefined) return;
      const spec = findTable('mlockall-order');
      if (spec === undefined) throw new Error('no table mlockall-order');
      const grid = tableGrid(await computeTable(spec, [engineOf(getModel('linux-6.12'))]));
      const dir = await mkdtemp(join(tmpdir(), 'mmspec-guest-ksft-'));
      await writeFile(join(dir, 'test.c'), emitKselftest(grid));
      await compileStatic(join(dir, 'test.c'), join(dir, 'test'));
      const run = await runProgramInGuest(kernel, join(dir, 'test'), { cacheDir });
      figure('kselftest', run);
      expect(run.output).toMatch(/^TAP version 13\n1\.\.\d+\n/);
      expect(run.output.match(/^(not )?ok \d+ /gm)?.length).toBe(grid.lines.length);
      expect(run.output).not.toMatch(/^not ok/m);
      expect(run.output).toMatch(/# Totals: pass:\d+ fail:0 /);
      expect(run.end).toEqual({ exit: 0 });
    }, 600_000);
  },
);
