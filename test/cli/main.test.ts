import { describe, expect, it } from 'vitest';
import { main, mmspecProgram, type MainOptions } from '../../src/cli/main.js';
import { COMMANDS } from '../../src/cli/_internals/commandTable.js';
import type { CliContext } from '../../src/cli/_internals/io.js';
import { KernelEngineUnavailable } from '../../src/cli/_internals/kernelEngineLoader.js';
import type { Engine, Setup } from '../../src/uapi/engine.js';
import { fakeEngine, type FakeOptions } from '../trace/fakeEngine.js';
import { MALFORMED } from '../trace/malformedTraces.js';
import { UnknownModelError, listModels } from '../../models/registry.js';

const GOOD = [
  'model fake',
  'a = mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)',
  'mlock(a, 2P) = 0',
  'check pages(a, 2P) = "LL"',
  'check vmflags(a) has lo',
  'fork {',
  '  check VmLck = 2P',
  '}',
].join('\n');
const FAILING = `${GOOD}\nmlockall(0) = 0\n`;

interface Captured {
  status: number;
  stdout: string;
  stderr: string;
}

async function cli(
  argv: string[],
  files: Record<string, string>,
  extra: Partial<MainOptions> & { model?: FakeOptions } = {},
): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const models: Record<string, () => Engine> = {
    fake: () => fakeEngine({ name: 'fake', ...extra.model }),
  };
  const options: MainOptions = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    readFile: (path) => {
      const text = files[path];
      return text === undefined
        ? Promise.reject(Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' }))
        : Promise.resolve(text);
    },
    engines: {
      model: (name) => {
        const make = models[name];
        if (make === undefined)
          return Promise.reject(new UnknownModelError(name, Object.keys(models)));
        return Promise.resolve(make());
      },
      kernel: () => Promise.resolve(fakeEngine({ name: 'kernel-fake', restPages: 777 })),
      ...extra.engines,
    },
  };
  const status = await main(argv, options);
  return { status, stdout: out.join(''), stderr: err.join('') };
}

const noStackTrace = (c: Captured) => {
  expect(c.stdout + c.stderr).not.toMatch(/^\s+at /m);
  expect(c.stdout + c.stderr).not.toMatch(/\.ts:\d+:\d+\)/);
};

describe('mmspec run: malformed traces exit 2 with a diagnostic, never a stack trace', () => {
  it.each(MALFORMED)('$name', async (m) => {
    const c = await cli(['run', 't.mmt'], { 't.mmt': m.source });
    expect(c.status).toBe(2);
    expect(c.stderr).toContain(`t.mmt:${m.line}:${m.column}: error: ${m.message}\n`);
    expect(c.stderr).toContain(`expected ${m.expected}\n`);
    noStackTrace(c);
  });

  it('reports every bad file, and runs the good ones', async () => {
    const c = await cli(['run', 'bad.mmt', 'good.mmt'], { 'bad.mmt': '}\n', 'good.mmt': GOOD });
    expect(c.status).toBe(2);
    expect(c.stdout).toContain('# good.mmt: 5 held, 0 failed');
    expect(c.stdout).toContain('# total: 2 traces, 5 held, 0 failed, 1 could not run');
  });
});

describe('mmspec run', () => {
  it('exits 0 when everything held, 1 when something failed', async () => {
    const good = await cli(['run', 'g.mmt'], { 'g.mmt': GOOD });
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('mlock(a, 2P) = 0');
    expect(good.stdout).toMatch(/^}\s+# child exit 0$/m);
    const bad = await cli(['run', 'f.mmt'], { 'f.mmt': FAILING });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/mlockall\(0\) = -1 EINVAL\s+# FAILED: expected 0/);
  });

  it('takes --model over the directive, and the directive over the default', async () => {
    const src = GOOD.replace('model fake', 'model nope');
    expect((await cli(['run', '--model', 'fake', 'n.mmt'], { 'n.mmt': src })).status).toBe(0);
    const viaDirective = await cli(['run', 'n.mmt'], { 'n.mmt': src });
    expect(viaDirective.status).toBe(2);
    expect(viaDirective.stderr).toBe(
      [
        "n.mmt:1:7: error: unknown model 'nope'",
        ' 1 | model nope',
        '   |       ^^^^',
        "expected a known model: fake (mmspec models lists them); a model file's trace runs with --model FILE",
        '',
      ].join('\n'),
    );
    const viaOption = await cli(['run', '--model', 'nope', 'g.mmt'], { 'g.mmt': GOOD });
    expect(viaOption.stderr).toBe(
      "g.mmt: error: unknown model 'nope' (from --model); expected a known model: fake (mmspec models lists them)\n",
    );
    const viaDefault = await cli(['run', 'd.mmt'], { 'd.mmt': 'munlockall()\n' });
    expect(viaDefault.status).toBe(2);
    expect(viaDefault.stderr).toMatch(/unknown model 'linux-6.18' \(the default\)/);
  });

  it('says when a file cannot be read', async () => {
    const c = await cli(['run', 'missing.mmt'], {});
    expect(c.status).toBe(2);
    expect(c.stderr).toBe('missing.mmt: error: cannot read the trace (ENOENT)\n');
  });

  it('prints one JSON document with bigints as decimal strings', async () => {
    const c = await cli(['run', '--json', 'g.mmt', 'bad.mmt'], {
      'g.mmt': GOOD,
      'bad.mmt': 'mlockall(0) = -1\n',
    });
    expect(c.status).toBe(2);
    const doc = JSON.parse(c.stdout) as {
      files: {
        exitStatus: number;
        statements?: { result?: unknown; region?: string }[];
        error?: { line: number };
      }[];
      total: unknown;
      exitStatus: number;
    };
    expect(doc.exitStatus).toBe(2);
    expect(doc.total).toEqual({ files: 2, held: 5, failed: 0, couldNotRun: 1 });
    expect(doc.files[0]?.statements?.[0]).toMatchObject({
      result: { kind: 'value', value: '35184372088832' },
      region: 'a + 0P',
    });
    expect(doc.files[1]?.error?.line).toBe(1);
  });

  it('runs on the kernel with --kernel, and says so when the oracle is missing', async () => {
    const k = await cli(['run', '--kernel', 'g.mmt'], { 'g.mmt': GOOD });
    expect(k.status).toBe(0);
    expect(k.stdout).toContain('# g.mmt on kernel-fake');
    const missing = await cli(
      ['run', '--kernel', 'g.mmt'],
      { 'g.mmt': GOOD },
      {
        engines: {
          kernel: () =>
            Promise.reject(
              new KernelEngineUnavailable(
                'the real-kernel engine (src/oracle/kernelEngine.ts) is not available: gone',
              ),
            ),
        },
      },
    );
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(
      'mmspec: the real-kernel engine (src/oracle/kernelEngine.ts) is not available: gone\n',
    );
  });

  it('compares kernel and model with --compare, passing the kernel rest of the process on', async () => {
    const seen: (number | undefined)[] = [];
    const same = await cli(
      ['run', '--compare', 'g.mmt'],
      { 'g.mmt': GOOD },
      {
        engines: {
          model: () => {
            const e = fakeEngine({ name: 'fake' });
            return Promise.resolve({
              name: e.name,
              start: (setup: Setup) => (seen.push(setup.restPages), e.start(setup)),
            });
          },
        },
      },
    );
    expect(same.status).toBe(0);
    expect(seen).toEqual([777]);
    expect(same.stdout).toContain(
      '# g.mmt: kernel (kernel-fake) vs model fake, rest of the process 777 pages',
    );
    expect(same.stdout).toContain(
      '# g.mmt: 0 differences; kernel 5 held, 0 failed; model 5 held, 0 failed',
    );
    const differ = await cli(
      ['run', '--compare', '--json', 'g.mmt'],
      { 'g.mmt': GOOD },
      {
        model: {
          onCall: (call) =>
            call.call === 'mlock' ? { kind: 'errno', errno: 'EAGAIN' } : undefined,
        },
      },
    );
    expect(differ.status).toBe(1);
    interface Row {
      same: boolean;
      line: number;
      body: Row[];
    }
    const doc = JSON.parse(differ.stdout) as {
      files: { differences: number; statements: Row[] }[];
    };
    const flat = (rows: Row[]): Row[] => rows.flatMap((r) => [r, ...flat(r.body)]);
    expect(
      flat(doc.files[0]?.statements ?? [])
        .filter((s) => !s.same)
        .map((s) => s.line),
    ).toEqual([3, 4, 5, 7]);
    expect(doc.files[0]?.differences).toBe(4);
    const one = await cli(
      ['run', '--compare', 'f.mmt'],
      { 'f.mmt': FAILING },
      {
        model: {
          onCall: (call) =>
            call.call === 'mlockall' ? { kind: 'errno', errno: 'EPERM' } : undefined,
        },
      },
    );
    expect(one.stdout).toContain('# f.mmt: 1 difference;');
    expect(one.stdout).toMatch(/^# total: .*, 1 difference\n/m);
  });

  it('turns an unexpected error into one line and exit 2', async () => {
    const c = await cli(
      ['run', 'g.mmt'],
      { 'g.mmt': GOOD },
      {
        engines: {
          model: () => {
            throw new TypeError('boom\nsecond line');
          },
        },
      },
    );
    expect(c.status).toBe(2);
    expect(c.stderr).toBe('mmspec: internal error: boom\n');
    noStackTrace(c);
  });
});

describe('mmspec', () => {
  it('lists models', async () => {
    const c = await cli(['models'], {});
    expect(c.status).toBe(0);
    const models = listModels();
    if (models.length === 0) expect(c.stdout).toBe('no models are registered yet\n');
    for (const m of models) expect(c.stdout).toContain(m.name);
    const json = await cli(['models', '--json'], {});
    expect(JSON.parse(json.stdout)).toEqual(models);
  });

  it('exits 0 for --help and 2 for bad usage', async () => {
    expect((await cli(['--help'], {})).status).toBe(0);
    const none = await cli(['run'], {});
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("missing required argument 'files'");
    expect((await cli(['run', '--frobnicate', 'x'], {})).status).toBe(2);
    expect((await cli(['frobnicate'], {})).status).toBe(2);
  });
});

describe('mmspec loads the commands it runs', () => {
  const silent = { write: () => true };
  const ctx = { stdout: silent, stderr: silent } as unknown as CliContext;

  it('names each entry of the command table as the command it makes, in the order of --help', async () => {
    const program = await mmspecProgram(ctx, () => undefined);
    expect(program.commands.map((c) => c.name())).toEqual(COMMANDS.map(([name]) => name));
  });

  it('builds only the command named first, and every command for help or a misspelt one', async () => {
    const only = await mmspecProgram(ctx, () => undefined, ['run']);
    expect(only.commands.map((c) => c.name())).toEqual(['run']);
    for (const argv of [[], ['--help'], ['help'], ['rnu']])
      expect((await mmspecProgram(ctx, () => undefined, argv)).commands).toHaveLength(
        COMMANDS.length,
      );
    const typo = await cli(['chek'], {});
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('check');
  });
});
