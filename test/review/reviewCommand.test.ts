// `mmspec review` through the command line on small bounds: every kind of difference with its
// count and shortest trace, invariants and laws side by side, the flag flow.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../runCli.js';

const review = (argv: string[]) => runCli(['review', ...argv]);

interface ReviewJson {
  differences: {
    kinds: { kind: string; call: string; count: number; steps: number; trace: string }[];
  };
  invariants: { name: string; a: string; b: string }[];
  laws: { name: string; a: { verdict: string }; b: { verdict: string } }[];
  flagFlow: {
    model: string;
    overrides: { decision: string; calls: string[] }[];
    constants: { name: string; readBy: string[] }[];
  }[];
  extraFlags: { name: string }[];
}

describe('mmspec review', () => {
  it('the 2015 mmap designs: every kind of difference, by call and observable', async () => {
    const r = await review([
      ...['proposal-map-lockonfault', 'proposal-map-faultpopulate'],
      ...['--bound', 'regions=1,pages=2,depth=2,file=2', '--workers', '1', '--json'],
    ]);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout) as ReviewJson;
    const kinds = doc.differences.kinds.map((k) => k.kind);
    // The new flags of both designs, and the mlock flags only one design has.
    // 0x80000 is spelled MAP_SYNC, the name every trace can use (MAP_LOCKONFAULT's proposed value).
    // One kind per call and observable, those that differ first on the same run together: the
    // VMA flags and VmLck after the same mmap are one kind, its trace printed once.
    expect(kinds).toContain('mmap MAP_PRIVATE|MAP_ANONYMOUS|MAP_SYNC -> vmflags, VmLck');
    expect(kinds).not.toContain('mmap MAP_PRIVATE|MAP_ANONYMOUS|MAP_SYNC -> VmLck');
    const traces = doc.differences.kinds.map((k) => `${k.call}\n${k.trace}`);
    expect(new Set(traces).size).toBe(traces.length);
    // The bit both designs' traces spell MAP_SYNC is MAP_LOCKONFAULT to one of them: said.
    const sync = doc.differences.kinds.find((k) => k.call.includes('MAP_SYNC'));
    expect(sync?.trace).toContain(
      '# MAP_SYNC here is the value proposal-map-lockonfault names MAP_LOCKONFAULT\n',
    );
    expect(kinds).toContain('mmap MAP_PRIVATE|MAP_ANONYMOUS|0x200000|MAP_POPULATE -> pages');
    expect(kinds.some((k) => k.startsWith('mlock2 MLOCK_ONFAULT -> return'))).toBe(true);
    for (const k of doc.differences.kinds) expect(k.count).toBeGreaterThan(0);
    expect(doc.extraFlags.map((f) => f.name)).toEqual(
      expect.arrayContaining(['MAP_LOCKONFAULT', 'MAP_FAULTPOPULATE']),
    );
    const faultpopulate = doc.flagFlow.find((f) => f.model === 'proposal-map-faultpopulate');
    expect(faultpopulate?.constants[0]?.readBy[0]).toMatch(
      /^mmapVmFlagBits \(models\/proposal-map-faultpopulate.ts:\d+\)$/,
    );
    expect(
      faultpopulate?.overrides.find((o) => o.decision === 'faultAroundAllowed')?.calls,
    ).toContain('read');
  });

  it('mlockall made symmetric: the invariant that encodes the clearing and the commuting law', async () => {
    const r = await review([
      ...[
        'proposal-mlockall-symmetric',
        'linux-6.18',
        '--bound',
        'small',
        '--workers',
        '1',
        '--json',
      ],
    ]);
    const doc = JSON.parse(r.stdout) as ReviewJson;
    const inv = doc.invariants.find((i) => i.name === 'mclFutureClearingConsistent');
    expect([inv?.a, inv?.b]).toEqual(['violated', 'holds']);
    const law = doc.laws.find((l) => l.name === 'mlockallCommutes');
    expect([law?.a.verdict, law?.b.verdict]).toEqual(['holds', 'broken']);
    expect(doc.differences.kinds.every((k) => k.steps === 2)).toBe(true);
    // The text gives the run that breaks the invariant on the side that breaks it, and each
    // broken law's sides as two traces, after what each side leaves.
    const text = await review(['proposal-mlockall-symmetric', 'linux-6.18', '--bound', 'small']);
    expect(text.stdout).toMatch(
      /\nmclFutureClearingConsistent violated on A \(proposal-mlockall-symmetric\):\n(?: {4}\|.*\n)*? {4}\| mlockall\(MCL_CURRENT\) = 0\n/,
    );
    expect(text.stdout).toMatch(
      /\n {4}B: def_flags: the left side leaves lo, the right side \(none\)\n {4}the left side as a trace:\n(?: {4}\| #.*\n)+ {4}\| a = mmap\(NULL, 2P, [^\n]*\n {4}\| mlockall\(MCL_CURRENT\|MCL_ONFAULT\) = 0\n {4}\| mlockall\(MCL_FUTURE\) = 0\n {4}\| check def_flags has lo\n {4}the right side:\n/,
    );
    // A law broken in a fork child: its sides' traces run in the child; pages compared by
    // their lock state alone say how they read ('..' is no page mlocked, not no page present).
    expect(text.stdout).toMatch(
      /\n {4}A: pages\(a, 2P\): the left side leaves "\.\.", the right side "LL" \(the lock state alone: L a page mlocked, \. one that is not\)\n {4}both sides run in the child of the fork above: it shares its pages copy-on-write with the parent, whose locks still hold them\n {4}the left side as a trace:\n(?: {4}\|.*\n)*? {4}\| fork \{\n {4}\| {3}mlockall\(MCL_CURRENT\|MCL_FUTURE\) = 0\n {4}\| {3}munlockall\(\) = 0\n {4}\| {3}check pages\(a, 2P\) = "\[\.zp\]\[\.zp\]"\n {4}\| \}\n/,
    );
    expect(text.stdout).toContain(
      'An invariant states the semantics of the kernel as it is: where a design changes them',
    );
  });

  it('--traces writes every trace of the report, each to run on a model or a kernel', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mmspec-review-'));
    try {
      const out = join(dir, 'made', 'here');
      const r = await review([
        ...['proposal-mlockall-symmetric', 'linux-6.18', '--bound', 'small', '--json'],
        ...['--traces', out],
      ]);
      const files = (await readdir(out)).sort();
      expect(r.stderr).toContain(`mmspec review: wrote ${files.length} traces to ${out}: `);
      expect(files).toContain('difference-1-mlockall.mmt');
      expect(files).toContain('invariant-mclFutureClearingConsistent-A.mmt');
      expect(files).toContain('law-mlockallCommutes-B-left.mmt');
      expect(files).toContain('law-mlockallCommutes-B-right.mmt');
      // The files are the report's traces, byte for byte.
      const doc = JSON.parse(r.stdout) as ReviewJson;
      expect(await readFile(join(out, 'difference-1-mlockall.mmt'), 'utf8')).toBe(
        doc.differences.kinds[0]?.trace,
      );
      // Each side of the law runs on the model it was broken on with every check held.
      const left = await runCli(['run', join(out, 'law-mlockallCommutes-B-left.mmt')]);
      expect(left.status, left.stdout).toBe(0);
      const right = await runCli(['run', join(out, 'law-mlockallCommutes-B-right.mmt')]);
      expect(right.status, right.stdout).toBe(0);
      // The stderr line says how to run them all, and which pass where.
      expect(r.stderr).toContain(`mmspec run ${join(out, '*.mmt')}`);
      expect(r.stderr).toContain('invariant-*: a counterexample, failing on the model it names');
      // A directory that already holds traces is refused before the search: a second review
      // into it would leave the first one's traces beside its own.
      const again = await review(['linux-6.18', 'linux-4.4', '--traces', out]);
      expect(again.status).toBe(2);
      expect(again.stderr).toMatch(
        new RegExp(
          `^mmspec review: --traces: ${out} already holds ${files.length} traces \\(difference-1-mlockall\\.mmt, \\.\\.\\.\\): give an empty or new directory`,
        ),
      );
      const empty = await review(['linux-6.18', 'linux-4.4', '--traces', '']);
      expect(empty.stderr).toBe('mmspec review: --traces takes a directory, got an empty name\n');
      // A directory that cannot be made is refused before the search.
      const bad = await review([
        'linux-6.18',
        'linux-4.4',
        '--traces',
        join(out, 'law-mlockallCommutes-B-left.mmt', 'x'),
      ]);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/^mmspec review: --traces: cannot make .* is not a directory\n$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('markdown for a mail, and one message for misuse', async () => {
    const md = await review([
      ...[
        'linux-4.3',
        'linux-4.4',
        '--bound',
        'regions=1,pages=1,depth=1,file=0',
        '--workers',
        '1',
      ],
      ...['--format', 'markdown'],
    ]);
    expect(md.stdout.startsWith('# mmspec review: model A linux-4.3, model B linux-4.4')).toBe(
      true,
    );
    expect(md.stdout).toContain('## Laws of the design');
    // The laws' counterexamples stay inside their list item: indented, blank lines around.
    const laws = await review([
      ...['linux-6.18', 'proposal-mlockall-symmetric', '--bound', 'small', '--workers', '1'],
      ...['--format', 'markdown'],
    ]);
    expect(laws.stdout).toMatch(
      /\n- mlockallCommutes: [^\n]* \(the locking compared\) {2}A broken, B holds\n\n {2}A: def_flags: the left side leaves lo, the right side \(none\)\n\n {2}the left side as a trace:\n\n {2}```\n(?: {2}[^\n]*\n)+? {2}```\n\n {2}the right side:\n\n {2}```\n/,
    );
    expect((await review(['linux-6.18', 'linux-4.4', '--law-depth', '0'])).stderr).toBe(
      "mmspec review: --law-depth takes a positive whole number, got '0'\n",
    );
    const bad = await review(['linux-6.18', 'linux-4.4', '--format', 'html']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("mmspec review: --format takes text or markdown, got 'html'\n");
  });
});
