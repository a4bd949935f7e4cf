import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { engineOf, planted } from './plantedModel.js';
import { UnknownModelError, getModel } from '../../models/registry.js';

const MODELS = { 'linux-6.18': getModel('linux-6.18'), [planted.name]: planted };

/** `mmspec conform` in-process; linux-6.18 stands in for the kernel. */
async function conform(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(['conform', '--no-litmus', ...argv], {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    engines: {
      model: (name) => {
        const model = MODELS[name];
        if (model === undefined)
          return Promise.reject(new UnknownModelError(name, Object.keys(MODELS)));
        return Promise.resolve(engineOf(model));
      },
      kernel: () => Promise.resolve(engineOf(getModel('linux-6.18'))),
      constants: () => Promise.resolve([]),
    },
  });
  return { status, stdout: out.join(''), stderr: err.join('') };
}

describe('mmspec conform: exit status', () => {
  it('0 when the model agrees, with the summary', async () => {
    const c = await conform(['--depth', '1', '--random', '20', '--seed', '1']);
    expect(c.status).toBe(0);
    expect(c.stdout).toMatch(/# depth: 42 traces, 42 agreed, 0 disagreed, 0 unsupported/);
    expect(c.stdout).toMatch(/# random: 20 traces, 20 agreed/);
    expect(c.stdout).toMatch(/# total: 62 traces, .* traces\/s/);
    expect(c.stderr).toContain('seed 1');
  });

  it('1 on a disagreement, printed as a trace', async () => {
    const c = await conform(['--model', planted.name, '--depth', '1', '--random', '0']);
    expect(c.status).toBe(1);
    expect(c.stdout).toContain('## disagreement 1: depth');
    expect(c.stdout).toContain('check def_flags has lf');
  });

  it('--json gives one document with the parts and the exit status', async () => {
    const c = await conform([
      '--model',
      planted.name,
      '--depth',
      '1',
      '--random',
      '50',
      '--seed',
      '3',
      '--json',
    ]);
    expect(c.status).toBe(1);
    const doc = JSON.parse(c.stdout) as {
      exitStatus: number;
      parts: { part: string; seed?: number }[];
      disagreements: unknown[];
    };
    expect(doc.exitStatus).toBe(1);
    expect(doc.parts.map((p) => p.part)).toEqual(['depth', 'random']);
    expect(doc.parts[1]?.seed).toBe(3);
    expect(doc.disagreements.length).toBeGreaterThan(0);
  });

  it.each([
    [['--depth', 'x']],
    [['--random', '-1']],
    [['--model', 'nope']],
    [['--litmus', '/nonexistent/dir']],
    [['--bogus']],
  ])('2 on misuse: %j', async (argv) => {
    const c = await conform(argv);
    expect(c.status).toBe(2);
    expect(c.stdout + c.stderr).not.toMatch(/^\s+at /m);
  });
});
