import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { KernelEngineUnavailable } from '../../src/cli/_internals/kernelEngineLoader.js';
import { engineOf } from '../../src/kernel/modelEngine.js';
import { getModel } from '../../models/registry.js';

async function cli(argv: string[], kernel = 'planted:mcl-future-unlocks') {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(argv, {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    engines: {
      // A model stands in for the kernel: verification must find where they differ.
      kernel: () =>
        kernel === ''
          ? Promise.reject(new KernelEngineUnavailable('no executor here'))
          : Promise.resolve(engineOf(getModel(kernel))),
    },
  });
  return { status, stdout: out.join(''), stderr: err.join('') };
}

describe('mmspec table', () => {
  it('prints a table, and the trace of one of its lines', async () => {
    const t = await cli(['table', 'mlockall-order', '--format', 'csv']);
    expect(t.status).toBe(0);
    expect(t.stdout.split('\r\n')[0]).toBe(
      '#,first,second,result 1,result 2,def_flags,a: VmFlags,a: pages,b: VmFlags,b: pages,order matters',
    );
    const trace = await cli(['table', 'mlockall-order', '--trace', '7.2']);
    expect(trace.stdout).toContain(
      'mlockall(MCL_CURRENT|MCL_ONFAULT) = 0\nmlockall(MCL_FUTURE) = 0',
    );
  });

  it('--verify reports the disagreements with the kernel and exits 1; 0 when they agree', async () => {
    const bad = await cli(['table', 'mlockall-order', '--verify']);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(
      /mlockall-order: 30 cells on host vs linux-6.18, [1-9]\d* disagreements?/,
    );
    const good = await cli(['table', 'fork', '--verify'], 'linux-6.18');
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('# total: 1 table, 7 cells, 0 disagreements');
  });

  it('--verify --format prints the model and the kernel side by side, differing cells marked', async () => {
    const r = await cli(['table', 'mlockall-order', '--verify', '--format', 'md']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      'computed by running a trace on linux-6.18, planted:mcl-future-unlocks',
    );
    expect(r.stdout).toMatch(/\| lo \/ - \* \|/);
    expect(r.stderr).toContain('disagreements');
  });

  it('--format kapi --verify --kernel TARGET checks on that kernel, held to its own model', async () => {
    const asked: (string | undefined)[] = [];
    const out: string[] = [];
    const status = await main(
      ['table', 'mlock2-flags', '--format', 'kapi', '--verify', '--kernel', 'linux-6.1'],
      {
        stdout: { write: (s: string) => out.push(s) },
        stderr: { write: () => undefined },
        engines: {
          // The linux-6.1 model stands in for the 6.1 guest: every entry agrees.
          kernel: (target?: string) => {
            asked.push(target);
            return Promise.resolve(engineOf(getModel('linux-6.1')));
          },
        },
      },
    );
    expect(status).toBe(0);
    expect(asked).toEqual(['linux-6.1']);
    const spec = JSON.parse(out.join('')) as { model: string };
    expect(spec.model).toBe('linux-6.1');
    const two = await cli([
      'table',
      '--format',
      'kapi',
      '--verify',
      '--kernel',
      'host',
      '--kernel',
      'linux-6.1',
    ]);
    expect(two.status).toBe(2);
  });

  it('misuse is one line and exit 2', async () => {
    for (const argv of [
      ['table', 'no-such-table'],
      ['table', 'fork', '--format', 'pdf'],
      ['table', 'fork', '--trace', '99'],
      ['table', 'fork', '--model', 'no-such-model'],
      ['table'],
      ['table', 'fork', '--verify'],
    ]) {
      const r = await cli(argv, '');
      expect(r.status, argv.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), argv.join(' ')).toHaveLength(1);
    }
  });

  it('refuses an option the rest of the command line would ignore', async () => {
    const refused: readonly [string[], string][] = [
      [['table', 'fork', '--kernel', 'host'], '--kernel works only with --verify'],
      [['table', 'fork', '--record', '/tmp/r'], '--record works only with --verify --kernel'],
      [['table', 'fork', '--verify', '--record', '/tmp/r'], '--verify --kernel'],
      [['table', 'fork', '--expect', 'spec/tables'], '--expect works only with --verify'],
      [['table', 'fork', '--verify', '--expect', '/nonexistent'], 'no kernel records in'],
      [['table', 'fork', '--trace', '3', '--format', 'man'], '--format does not apply to --trace'],
      [['table', '--write', '/tmp/w', '--format', 'md'], '--format does not apply to --write'],
      [['table', 'fork', '--trace', '3', '--verify'], '--trace and --verify do not go together'],
      [['table', '--format', 'kapi', '--trace', '3'], '--format does not apply to --trace'],
    ];
    for (const [argv, message] of refused) {
      const r = await cli(argv, 'linux-6.18');
      expect(r.status, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).toContain(message);
      expect(r.stdout, argv.join(' ')).toBe('');
    }
    const expected = await cli(
      ['table', 'fork', '--verify', '--expect', 'spec/tables'],
      'linux-6.18',
    );
    expect(expected.status).toBe(0);
  });
});
