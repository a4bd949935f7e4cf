// `mmspec check` through the command line: exit statuses, --workers, the JSON document.
// Worker threads load the compiled JavaScript test/buildDist.ts builds.
import { describe, expect, it } from 'vitest';
import { runCli } from '../runCli.js';
import { BOUND_KEYS } from '../../src/check/parseBound.js';

const check = (argv: string[]) => runCli(['check', ...argv]);

interface CheckJson {
  states: number;
  transitions: number;
  workers: number;
  properties: { name: string; verdict: string; expected: string | null; trace: string | null }[];
  coverage: { calls: Record<string, number> };
}

describe('mmspec check', () => {
  it.each([
    [['--workers', '0'], "--workers takes a positive whole number, got '0'"],
    [['--workers', 'two'], "--workers takes a positive whole number, got 'two'"],
    [['--bound', 'regions=9'], '--bound regions takes 1..4, got 9'],
    [['--prop', 'noSuchProperty'], "unknown property 'noSuchProperty'"],
    [['--model', 'linux-0.01'], 'linux-0.01'],
    [
      ['--bound', 'threads', '--reduce', 'calls+fast'],
      '--reduce takes none or calls+prefix+populations+symmetry+leaves',
    ],
    [['--reduce', 'calls'], '--reduce reduces the interleavings of threads=2'],
    [['--bitstate', '5'], "--bitstate takes k from 10 to 32 (2^k bits), got '5'"],
    [
      ['--bound', 'small', '--prop', 'populationMakesProgress'],
      "'populationMakesProgress' is a property of the threads bound: add threads=2 to --bound",
    ],
    [
      ['--bound', 'threads', '--prop', 'lockPostcondition'],
      "'lockPostcondition' is not checked with two threads",
    ],
    // Said before the search (Node's recursive mkdir loops for ever on /proc/nope).
    [['--bound', 'small', '--emit-c', '/proc/nope'], '--emit-c: cannot make /proc/nope (ENOENT'],
    [
      ['--bound', 'small', '--emit-c', '/etc/passwd/x'],
      '--emit-c: cannot make /etc/passwd/x: /etc/passwd is not a directory',
    ],
  ])('%j: exit 2 and one line', async (argv, message) => {
    const r = await check(argv);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('says which properties held unasked: no call of the bound is one they judge', async () => {
    const r = await check([
      '--bound',
      'small',
      '--prop',
      'execveResets',
      'brkPostcondition',
      'lockPostcondition',
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      '  execveResets: holds vacuously (no call of the bound is one it judges: never asked)\n',
    );
    expect(r.stdout).toContain('  brkPostcondition: holds vacuously');
    expect(r.stdout).toMatch(/ {2}lockPostcondition: holds \(every state to depth 3\)\n/);
    expect(r.stdout).toContain('\n3 held (2 vacuously), 0 violated\n');
    // With brk in the bound, its postcondition is asked.
    const brk = await check([
      '--bound',
      'regions=1,pages=2,depth=2,calls=+brk',
      '--json',
      '--prop',
      'brkPostcondition',
    ]);
    const doc = JSON.parse(brk.stdout) as { properties: { name: string; vacuous: boolean }[] };
    expect(doc.properties).toEqual([
      expect.objectContaining({ name: 'brkPostcondition', vacuous: false }),
    ]);
    // Random runs draw from the same alphabet, and say so too.
    const random = await check([
      '--bound',
      'small',
      '--random',
      '5',
      '--seed',
      '1',
      '--json',
      '--prop',
      'execveResets',
    ]);
    const rdoc = JSON.parse(random.stdout) as { properties: { name: string; vacuous: boolean }[] };
    expect(rdoc.properties).toEqual([
      expect.objectContaining({ name: 'execveResets', vacuous: true }),
    ]);
  });

  it('--help describes every key --bound takes, and items after a named bound', async () => {
    const help = (await check(['--help'])).stdout.replace(/\s+/g, ' ');
    for (const key of BOUND_KEYS) expect(help).toContain(`${key}=`);
    expect(help).toContain('small,depth=2');
  });

  it('a run stopped early counts the properties it could not decide as unknown', async () => {
    const r = await check(['--bound', 'small', '--max-states', '50', '--workers', '1']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('stopped: max-states');
    expect(r.stdout).toMatch(/\n0 held, \d+ violated, \d+ unknown\n$/);
  });

  it('--workers 2 and --workers 1 print the same counts, verdicts and coverage', async () => {
    const runs = await Promise.all(
      ['1', '2'].map((w) => check(['--bound', 'small', '--workers', w, '--json'])),
    );
    const [one, two] = runs.map((r) => {
      expect(r.status).toBe(0); // only the known lazy-batch violations (models/expectedVerdicts.ts)
      return JSON.parse(r.stdout) as CheckJson;
    });
    if (one === undefined || two === undefined) throw new Error('two runs');
    expect([one.workers, two.workers]).toEqual([1, 2]);
    expect(two.states).toBe(one.states);
    expect(two.transitions).toBe(one.transitions);
    expect(two.properties.map((p) => [p.name, p.verdict])).toEqual(
      one.properties.map((p) => [p.name, p.verdict]),
    );
    expect(two.coverage.calls).toEqual(one.coverage.calls);
    const known = two.properties.filter((p) => p.verdict === 'violated');
    expect(known.map((p) => p.expected !== null)).toEqual(known.map(() => true));
    expect(two.properties.find((p) => p.name === 'lockedVmMatchesLockedVmas')?.verdict).toBe(
      'holds',
    );
  });

  it('--against: a planted fault is a new violation, with two workers too', async () => {
    const r = await check([
      ...['--model', 'planted:relock-charged', '--against', 'linux-6.18', '--bound', 'small'],
      ...['--prop', 'lockLimitRespected', '--workers', '2'],
    ]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('against linux-6.18');
    expect(r.stdout).toContain('lockLimitRespected: VIOLATED');
    // The run as the model made it, and the call's result as the limit demands it: anything
    // but the ENOMEM it rules out here (other answers are other properties' to judge).
    expect(r.stdout).toContain(
      '# planted:relock-charged returned -1 ENOMEM\n    | mlock(a, 1P) != -1 ENOMEM',
    );
  });

  it('--against refuses --random, and an unknown base', async () => {
    const both = await check(['--against', 'linux-6.18', '--random', '5']);
    expect([both.status, both.stderr]).toEqual([
      2,
      'mmspec check: --against works with the exhaustive search, not with --random\n',
    ]);
    expect((await check(['--against', 'linux-0.01'])).status).toBe(2);
  });
});
