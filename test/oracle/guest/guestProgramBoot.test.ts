// Program mode on a real guest: ONE Debian kernel (linux-6.12, fetched into the user's cache on
// first use) boots ONCE for two programs: a planted model's --emit-c reproducer, built static,
// says on 6.12 what it says on the host; a table's kselftest, generated from the linux-6.12
// model, passes there. Gated like guestBoot.test.ts: skipped, with the reason, only where qemu or a
// static C toolchain is missing or the image is neither cached nor downloadable.

import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { engineOf } from '../../../src/kernel/modelEngine.js';
import { compileStatic } from '../../../src/oracle/guest/compileStatic.js';
import { runProgramsInGuest } from '../../../src/oracle/guest/guestProgram.js';
import { mmspecCacheDir } from '../../../src/oracle/targets/cacheDir.js';
import { parseKernelTarget } from '../../../src/oracle/targets/kernelTargets.js';
import { computeTable } from '../../../src/tables/computeTable.js';
import { emitKselftest } from '../../../src/tables/kselftest/emitKselftest.js';
import { tableGrid } from '../../../src/tables/tableGrid.js';
import { findTable } from '../../../src/tables/tables.js';
import { getModel } from '../../../models/registry.js';
import { guestSkipReason } from './guestSkipReason.js';

const target = parseKernelTarget('linux-6.12');
const kernel = target.kind === 'debian' ? target : undefined;
const staticCc =
  spawnSync('sh', ['-c', 'echo "int main(void){return 0;}" | cc -static -x c -o /dev/null -'])
    .status === 0;
const skip = !staticCc
  ? 'no static C toolchain (apt-get install gcc libc6-dev)'
  : await guestSkipReason('linux-6.12');

describe.skipIf(skip !== undefined || kernel === undefined)(
  `a static C program in a linux-6.12 guest${skip === undefined ? '' : ` (skipped: ${skip})`}`,
  () => {
    it('runs a --emit-c reproducer and a table kselftest in one boot: each says what it saw', async () => {
      if (kernel === undefined) return;
      const dir = await mkdtemp(join(tmpdir(), 'mmspec-guest-programs-'));
      // a planted model's reproducer: 6.12 does not behave like the planted model
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
      const repro = join(dir, `${prop}.planted_map-populate-foll`);
      await compileStatic(`${repro}.c`, repro);
      // the mlockall-order kselftest of the linux-6.12 model: every cell passes on 6.12
      const spec = findTable('mlockall-order');
      if (spec === undefined) throw new Error('no table mlockall-order');
      const grid = tableGrid(await computeTable(spec, [engineOf(getModel('linux-6.12'))]));
      const ksft = join(dir, 'mlockall_order');
      await writeFile(`${ksft}.c`, emitKselftest(grid));
      await compileStatic(`${ksft}.c`, ksft);

      const r = await runProgramsInGuest(kernel, [repro, ksft], { cacheDir: mmspecCacheDir() });
      console.log(
        `linux-6.12 (${r.accel}): boot ${r.bootMs / 1000} s, ` +
          `reproducer ${(r.runs[0]?.runMs ?? 0) / 1000} s, kselftest ${(r.runs[1]?.runMs ?? 0) / 1000} s`,
      );
      expect(r.release).toMatch(/^6\.12\./);
      expect(r.runs.length).toBe(2);
      const [reproRun, ksftRun] = r.runs;
      expect(reproRun?.output).toContain(`does not behave like model ${model}`);
      expect(reproRun?.end).toEqual({ exit: 1 });
      const tap = ksftRun?.output ?? '';
      expect(tap).toMatch(/^TAP version 13\n1\.\.\d+\n/);
      expect(tap.match(/^(not )?ok \d+ /gm)?.length).toBe(grid.lines.length);
      expect(tap).not.toMatch(/^not ok/m);
      expect(tap).toMatch(/# Totals: pass:\d+ fail:0 /);
      expect(ksftRun?.end).toEqual({ exit: 0 });
    }, 600_000);

    it('check --emit-c DIR --kernel linux-6.12: the guest uname -r and each verdict', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'mmspec-guest-check-'));
      const out: string[] = [];
      const argv = ['check', '--model', 'planted:map-populate-foll', '--bound', 'small'];
      const prop = 'mapPopulateFaultsEverything';
      const status = await main(
        [...argv, '--prop', prop, '--workers', '1', '--emit-c', dir, '--kernel', 'linux-6.12'],
        { stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => undefined } },
      );
      expect(status).toBe(1);
      const text = out.join('');
      expect(text).toMatch(/^# kernel linux-6\.12: Debian .*; uname -r 6\.12\.\S+; qemu /m);
      expect(text).toMatch(
        new RegExp(
          `^# \\S+${prop}\\.planted_map-populate-foll\\.c on linux-6\\.12: does not reproduce`,
          'm',
        ),
      );
    }, 600_000);
  },
);
