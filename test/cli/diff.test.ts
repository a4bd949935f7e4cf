// `mmspec diff` through main(): exit 0 no difference within the bound, 1 a difference (the
// printed trace then passes on A and fails on B under `mmspec run`), 2 misuse.

import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

interface Captured {
  status: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], files: Record<string, string> = {}): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(argv, {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    readFile: (path) => {
      const text = files[path];
      return text === undefined
        ? Promise.reject(new Error(`ENOENT: ${path}`))
        : Promise.resolve(text);
    },
  });
  return { status, stdout: out.join(''), stderr: err.join('') };
}

const TINY = 'regions=2,pages=2,depth=3';

interface DiffDoc {
  a: string;
  b: string;
  bound: string;
  states: number;
  transitions: number;
  depth: number;
  seconds: number;
  verdict: string;
  trace?: string;
  differences?: { observable: string; a: string; b: string }[];
}

/** The JSON document of a diff, and the status of `mmspec run --model` on its trace for A and B. */
async function diffAndRun(a: string, b: string, bound: string) {
  const c = await cli(['diff', a, b, '--bound', bound, '--json']);
  const doc = JSON.parse(c.stdout) as DiffDoc;
  const files = { 'd.mmt': doc.trace ?? '' };
  const onA = await cli(['run', '--model', a, 'd.mmt'], files);
  const onB = await cli(['run', '--model', b, 'd.mmt'], files);
  return { status: c.status, doc, onA, onB };
}

describe('mmspec diff', () => {
  it('exits 0 and says so when no trace tells the models apart', async () => {
    const c = await cli(['diff', 'linux-6.18', 'linux-6.18', '--bound', TINY]);
    expect(c.status).toBe(0);
    expect(c.stdout).toContain('mmspec diff: model A linux-6.18, model B linux-6.18\n');
    expect(c.stdout).toMatch(
      /^bound default\+regions=2,pages=2,depth=3 \(2 regions of 2 pages, depth 3, /m,
    );
    expect(c.stdout).toMatch(/^states \d+, transitions \d+, depth 3, [\d.]+ s, /m);
    expect(c.stdout).toContain('no observable difference within the bound\n');
    expect(c.stderr).toBe('');
  });

  it('exits 1 with the shortest trace, which passes on A and fails on B', async () => {
    const c = await cli(['diff', 'linux-6.18', 'planted:map-populate-foll', '--bound', TINY]);
    expect(c.status).toBe(1);
    expect(c.stdout).toContain('they differ: the shortest run that tells them apart has 1 step\n');
    expect(c.stdout).toMatch(/^ {2}\| a = mmap\(NULL, 2P, .*MAP_(LOCKED|POPULATE).*\)$/m);
    expect(c.stdout).toMatch(/^ {2}pages\(a, 2P\) {2}A: "LL", B: "\.\."$/m);
    const r = await diffAndRun('linux-6.18', 'planted:map-populate-foll', TINY);
    expect(r.status).toBe(1);
    expect(r.onA.status, r.onA.stdout).toBe(0);
    expect(r.onB.status, r.onB.stdout).toBe(1);
    expect(r.onB.stdout).toMatch(/check pages\(a, 2P\) = "LL" +# FAILED: saw "\.\."/);
  });

  it('catches mlockall(MCL_FUTURE) unlocking what is mapped, by running the trace on both', async () => {
    const r = await diffAndRun('linux-6.18', 'planted:mcl-future-unlocks', TINY);
    expect(r.status).toBe(1);
    expect(r.doc.trace).toContain('mlockall(MCL_FUTURE) = 0');
    expect(r.onA.status, r.onA.stdout).toBe(0);
    expect(r.onB.status, r.onB.stdout).toBe(1);
    expect(r.onB.stdout).toMatch(/check VmLck = 2P +# FAILED: saw 0\n/);
  });

  it('needs def_flags with more than lock bits to see mlockall clear all of it', async () => {
    const plain = await cli([
      'diff',
      'linux-6.18',
      'planted:mlockall-clears-def-flags',
      '--bound',
      TINY,
    ]);
    expect(plain.status).toBe(0);
    const c = await cli([
      'diff',
      'linux-6.18',
      'planted:mlockall-clears-def-flags',
      '--bound',
      'def-nohugepage',
      '--json',
    ]);
    expect(c.status).toBe(1);
    const doc = JSON.parse(c.stdout) as DiffDoc;
    expect(doc).toMatchObject({
      a: 'linux-6.18',
      b: 'planted:mlockall-clears-def-flags',
      bound: 'def-nohugepage',
      verdict: 'differ',
      depth: 2,
      differences: [
        { observable: 'vmflags(a)', a: 'rd wr mr mw me ac nh', b: 'rd wr mr mw me ac' },
      ],
    });
    expect(doc.trace).toMatch(
      /mlockall\([^)]*\) = 0\na = mmap\(NULL, 2P, [^\n]*\)\ncheck vmflags\(a\) has nh\n$/,
    );
    expect(typeof doc.states).toBe('number');
    expect(typeof doc.transitions).toBe('number');
    expect(typeof doc.seconds).toBe('number');
  });

  it('--workers 2 finds what one thread finds, in as many states', async () => {
    const runs = await Promise.all(
      ['1', '2'].map((w) =>
        cli(['diff', 'linux-6.18', 'planted:mcl-future-unlocks', '--bound', TINY, '--workers', w]),
      ),
    );
    const [one, two] = runs.map((c) => {
      expect(c.status).toBe(1);
      return c.stdout;
    });
    const states = (text: string | undefined) => /^states (\d+),/m.exec(text ?? '')?.[1];
    expect(states(two)).toBe(states(one));
    expect(two).toContain('they differ: the shortest run that tells them apart has 2 steps');
    expect(one).toContain('they differ: the shortest run that tells them apart has 2 steps');
    const same = await cli(['diff', 'linux-6.18', 'linux-6.18', '--bound', TINY, '--workers', '2']);
    expect(same.status).toBe(0);
  });

  it('exits 1, not 0, when it stops before covering the bound', async () => {
    const c = await cli([
      'diff',
      'linux-6.18',
      'linux-6.18',
      '--bound',
      TINY,
      '--max-states',
      '20',
      '--json',
    ]);
    expect(c.status).toBe(1);
    expect((JSON.parse(c.stdout) as DiffDoc).verdict).toBe('unknown');
  });

  it('exits 2 with one line for an unknown model, a bad bound or a bad number', async () => {
    const cases: [string[], string][] = [
      [['diff', 'linux-6.18', 'nope'], "mmspec diff: unknown model 'nope'"],
      [['diff', 'planted:nope', 'linux-6.18'], "mmspec diff: unknown model 'planted:nope'"],
      [
        ['diff', 'linux-6.18', 'linux-6.18', '--bound', 'regions=9'],
        '--bound regions takes 1..4, got 9',
      ],
      [['diff', 'linux-6.18', 'linux-6.18', '--bound', 'frob=1'], "unknown key 'frob'"],
      [
        ['diff', 'linux-6.18', 'linux-6.18', '--max-states', 'many'],
        "--max-states takes a positive whole number, got 'many'",
      ],
      [['diff', 'linux-6.18'], "missing required argument 'model-b'"],
      [
        ['diff', 'linux-6.18', 'linux-6.18', '--workers', '0'],
        "--workers takes a positive whole number, got '0'",
      ],
    ];
    for (const [argv, message] of cases) {
      const c = await cli(argv);
      expect(c.status, argv.join(' ')).toBe(2);
      expect(c.stdout).toBe('');
      expect(c.stderr).toContain(message);
      expect(c.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(c.stderr).not.toMatch(/^\s+at /m);
    }
  });
});
