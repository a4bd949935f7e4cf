import { copyFile, mkdtemp, readdir, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExecutorBuildError, buildExecutor } from '../../src/oracle/build.js';

const hasCc = process.platform === 'linux';

describe.skipIf(!hasCc)(
  `building the executor${hasCc ? '' : ' (skipped: needs Linux and cc)'}`,
  () => {
    const dirs: string[] = [];
    afterAll(async () => {
      for (const d of dirs) await rm(d, { recursive: true, force: true });
    });
    async function scratch(): Promise<{ source: string; cacheDir: string }> {
      const dir = await mkdtemp(join(tmpdir(), 'mmspec-build-'));
      dirs.push(dir);
      const source = join(dir, 'executor.c');
      await copyFile(new URL('../../src/oracle/executor.c', import.meta.url), source);
      // The readers it shares with the C reproducers, and its thread groups, beside it as cc
      // looks for them.
      for (const header of ['observables.h', 'executorThreads.h', 'executorFuse.h'])
        await copyFile(new URL(`../../src/oracle/${header}`, import.meta.url), join(dir, header));
      return { source, cacheDir: join(dir, 'cache') };
    }

    it('builds once, reuses the cache, and rebuilds when the source changes', async () => {
      const { source, cacheDir } = await scratch();
      const first = await buildExecutor({ source, cacheDir });
      expect(await buildExecutor({ source, cacheDir })).toBe(first);
      await writeFile(source, `${await readFile(source, 'utf8')}\n/* changed */\n`);
      const second = await buildExecutor({ source, cacheDir });
      expect(second).not.toBe(first);
      expect((await readdir(cacheDir)).sort()).toEqual(
        [first, second].map((p) => p.slice(cacheDir.length + 1)).sort(),
      );
    });

    it('rebuilds when only the shared observables.h changes', async () => {
      const { source, cacheDir } = await scratch();
      const first = await buildExecutor({ source, cacheDir });
      const header = join(dirname(source), 'observables.h');
      await writeFile(header, `${await readFile(header, 'utf8')}\n/* changed */\n`);
      const second = await buildExecutor({ source, cacheDir });
      expect(second).not.toBe(first);
      expect(await buildExecutor({ source, cacheDir })).toBe(second);
    });

    it('names the missing compiler and the package to install', async () => {
      const { source, cacheDir } = await scratch();
      const error = await buildExecutor({ source, cacheDir, compiler: 'mmspec-no-such-cc' }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ExecutorBuildError);
      expect((error as Error).message).toMatch(
        /'mmspec-no-such-cc' was not found.*apt-get install gcc/,
      );
    });

    it('reports a source that does not compile with the compiler output', async () => {
      const { source, cacheDir } = await scratch();
      await writeFile(source, 'int main(void) { return undefined_thing; }\n');
      await expect(buildExecutor({ source, cacheDir })).rejects.toThrow(/undefined_thing/);
    });
  },
);

describe.skipIf(process.platform !== 'linux')('KernelEngine.close', () => {
  it('resolves once the executors have exited, even when they sat idle', async () => {
    const { kernelEngine } = await import('../../src/oracle/kernelEngine.js');
    const engine = kernelEngine();
    const session = await engine.start({ rlimitMemlock: null, capIpcLock: true });
    await session.close();
    await expect(engine.close()).resolves.toBeUndefined();
  });
});
