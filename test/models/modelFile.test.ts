import { spawnSync } from 'node:child_process';
// A proposal as a file of the user's own, outside the repository: written by `mmspec
// new-model`, edited to add a flag, then used by run, check (with worker threads), diff and
// review; a type error in it is one message with a caret, exit 2.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as cli } from '../runCli.js';

const dir = mkdtempSync(join(tmpdir(), 'mmspec-proposal-'));
const file = join(dir, 'map-prefault-none.ts');

/** The edit a user makes: a MAP_ flag of their own that turns MAP_POPULATE off. */
function addFlag(text: string): string {
  return text
    .replace(
      "import { extend, getModel } from 'mmspec';",
      "import { extend, getModel } from 'mmspec';\n\nconst MAP_NOPREFAULT = 0x200000;",
    )
    .replace(
      "    // { name: 'MAP_EXAMPLE', value: 0x200000n, since: 'proposal' },",
      "    { name: 'MAP_NOPREFAULT', value: 0x200000n, since: 'proposal' },",
    )
    .replace(
      '    // mmapPopulates: (ctx) => base.decisions.mmapPopulates(ctx),',
      `    mmapPopulates: (ctx) =>\n      (ctx.mapFlags & MAP_NOPREFAULT) === 0 && base.decisions.mmapPopulates(ctx),`,
    );
}

/**
 * `file:L:C: error: message`, the line and a caret: the first line of the file holding `text`,
 * the caret under `mark` in it.
 */
function at(path: string, text: string, message: string, mark = text): string {
  const lines = readFileSync(path, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(text)) + 1;
  const column = (lines[line - 1] ?? '').indexOf(mark) + 1;
  return [
    `${path}:${line}:${column}: error: ${message}`,
    ` ${line} | ${lines[line - 1] ?? ''}`,
    ` ${' '.repeat(String(line).length)} | ${' '.repeat(column - 1)}${'^'.repeat(mark.length)}`,
  ].join('\n');
}

const TRACE = `a = mmap(NULL, 2P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_POPULATE|MAP_NOPREFAULT, -1, 0)
check pages(a, 2P) = ".."
`;

describe('a model file outside the repository', () => {
  it('new-model writes every decision point, documented', async () => {
    const r = await cli(['new-model', 'map-prefault-none', '--from', 'linux-6.18', '--out', file]);
    expect(r.status).toBe(0);
    const text = readFileSync(file, 'utf8');
    for (const d of [
      'mmapPopulates',
      'populateGupFlags',
      'mmapVmFlagBits',
      'madvisePopulate',
      'ptReclaim',
    ])
      expect(text).toContain(`    // ${d}: `);
    expect(text).toContain('// mm/gup.c:populate_vma_page_range');
    const again = await cli(['new-model', 'map-prefault-none', '--out', file]);
    expect(again.status).toBe(2);
  });

  it.each(['linux-6.18', 'planted:relock-charged'])(
    "new-model refuses %s, a registered model's name, and writes nothing",
    async (name) => {
      const out = join(dir, 'registered.ts');
      const r = await cli(['new-model', name, '--out', out]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`'${name}' is the name of a registered or planted model`);
      expect(r.stderr).toContain(`such as my-${name.replace('planted:', '')}`);
      expect(existsSync(out)).toBe(false);
    },
  );

  it('edited to add a flag, it works with run, check, diff and review', async () => {
    writeFileSync(file, addFlag(readFileSync(file, 'utf8')));
    const trace = join(dir, 'noprefault.mmt');
    writeFileSync(trace, TRACE);
    const run = await cli(['run', '--model', file, trace]);
    expect(run.stdout).toContain('1 held, 0 failed');
    const check = await cli([
      'check',
      '--model',
      file,
      '--bound',
      'small',
      '--workers',
      '2',
      '--json',
    ]);
    expect(check.status).toBe(1);
    const doc = JSON.parse(check.stdout) as { workers: number; extraFlags: { name: string }[] };
    expect(doc.workers).toBe(2);
    expect(doc.extraFlags.map((f) => f.name)).toEqual(
      expect.arrayContaining(['MAP_NOPREFAULT', 'MAP_NONBLOCK']),
    );
    const diff = await cli(['diff', file, 'linux-6.18', '--bound', 'small', '--workers', '1']);
    expect(diff.status).toBe(1);
    expect(diff.stdout).toContain('MAP_PRIVATE|MAP_ANONYMOUS|0x200000|MAP_POPULATE');
    // The command in the trace header names the file as given, so it can be run again.
    expect(diff.stdout).toContain(`\`mmspec run --model ${file}\` passes`);
    const review = await cli([
      'review',
      file,
      'linux-6.18',
      '--bound',
      'regions=1,pages=2,depth=2,file=0',
      '--workers',
      '2',
    ]);
    expect(review.status).toBe(1);
    expect(review.stdout).toContain('adds MAP_NOPREFAULT = 0x200000: read by mmapPopulates');
    // Its worker threads loaded the file too: the kind its flag makes is found, by its path.
    expect(review.stdout).toContain('MAP_PRIVATE|MAP_ANONYMOUS|0x200000|MAP_POPULATE -> pages');
    expect(review.stdout).toContain(`\`mmspec run --model ${file}\` passes`);
  });

  it('a type error in it is one clear message with a caret, exit 2', async () => {
    const broken = join(dir, 'broken.ts');
    writeFileSync(broken, readFileSync(file, 'utf8').replace('ctx.mapFlags &', 'ctx.mapFlag &'));
    const r = await cli(['check', '--model', broken, '--bound', 'small']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^mmspec check: ${broken}:\\d+:\\d+: error: `));
    expect(r.stderr).toMatch(/\n +\| +\^+\n$/);
    // The same one message from every command that takes a model, never a stack trace.
    for (const argv of [
      ['run', '--model', broken, join(dir, 'noprefault.mmt')],
      ['diff', broken, 'linux-6.18', '--bound', 'small'],
      ['review', 'linux-6.18', broken, '--bound', 'small'],
    ]) {
      const e = await cli(argv);
      expect(e.status).toBe(2);
      expect(e.stderr).toMatch(new RegExp(`^mmspec ${argv[0]}: ${broken}:\\d+:\\d+: error: `));
      expect(e.stderr).toMatch(/\n +\| +\^+\n$/);
      expect(e.stderr).not.toContain('    at ');
    }
  });

  it("a decision of the wrong type says what was expected, not 'undefined'", async () => {
    // TypeScript's message for it is a chain: its first line and its deepest are printed.
    const wrong = join(dir, 'wrong-type.ts');
    writeFileSync(
      wrong,
      readFileSync(file, 'utf8').replace(
        /mmapPopulates: \(ctx\) =>\n[^\n]*\n/,
        'mmapPopulates: (ctx) => 0,\n',
      ),
    );
    const r = await cli(['run', '--model', wrong, join(dir, 'noprefault.mmt')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^mmspec run: ${wrong}:\\d+:\\d+: error: Type '`));
    expect(r.stderr).toContain("Type 'number' is not assignable to type 'boolean'.");
    expect(r.stderr).not.toContain('undefined');
  });

  it("refuses a file that takes a registered model's name or redefines a uapi name", async () => {
    const source = readFileSync(file, 'utf8');
    const named = join(dir, 'named.ts');
    writeFileSync(named, source.replace("name: 'map-prefault-none'", "name: 'linux-6.18'"));
    const r = await cli(['run', '--model', named, join(dir, 'noprefault.mmt')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `mmspec run: ${at(named, "name: 'linux-6.18'", "the model is named 'linux-6.18', as a registered model is: give it a name of its own", "'linux-6.18'")}\n`,
    );
    // A proposal's MAP_POPULATE of its own would change what every trace's MAP_POPULATE means.
    const redefined = join(dir, 'redefined.ts');
    writeFileSync(
      redefined,
      source.replace("{ name: 'MAP_NOPREFAULT', value:", "{ name: 'MAP_POPULATE', value:"),
    );
    const d = await cli(['run', '--model', redefined, join(dir, 'noprefault.mmt')]);
    expect(d.status).toBe(2);
    expect(d.stderr).toBe(
      `mmspec run: ${at(redefined, "'MAP_POPULATE'", "model 'map-prefault-none' adds the constant MAP_POPULATE, which linux-6.18 already has: give the new flag a name of its own")}\n`,
    );
  });

  it("takes a registered model's own file as that model", async () => {
    const trace = join(dir, 'plain.mmt');
    writeFileSync(trace, 'mlockall(MCL_FUTURE) = 0\n');
    const model = 'models/proposal-mlockall-symmetric.ts';
    const own = await cli(['run', '--model', model, trace]);
    expect(own.stderr).toBe('');
    expect(own.status).toBe(0);
    expect(own.stdout).toContain('on proposal-mlockall-symmetric');
  });

  it('a decision that throws is blamed on the file, at the line that threw, not on mmspec (exit 2)', async () => {
    const throws = join(dir, 'throws.ts');
    writeFileSync(
      throws,
      readFileSync(file, 'utf8').replace(
        /mmapPopulates: \(ctx\) =>\n/,
        "mmapPopulates: (ctx) =>\n      (ctx.mapFlags & MAP_NOPREFAULT) !== 0 ? (() => { throw new Error('boom'); })() :\n",
      ),
    );
    // Where the Error was made: its line in the file and a caret under `new`.
    const lines = readFileSync(throws, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes("throw new Error('boom')")) + 1;
    const column = (lines[line - 1] ?? '').indexOf("new Error('boom')") + 1;
    const located = [
      `${throws}:${line}:${column}: error: decision mmapPopulates threw: boom`,
      ` ${line} | ${lines[line - 1] ?? ''}`,
      ` ${' '.repeat(String(line).length)} | ${' '.repeat(column - 1)}^^^`,
    ];
    // As a user runs it: node's own source maps (vitest's stack traces map the compiled
    // module's frames elsewhere, so in process only the worker threads' could be located).
    for (const workers of ['1', '2']) {
      const argv = ['check', '--model', throws, '--bound', 'small', '--workers', workers];
      const r = spawnSync('node', ['bin/mmspec.js', ...argv], { encoding: 'utf8' });
      expect(r.stderr).toBe(`mmspec: ${located.join('\n')}\n`);
      expect(r.status).toBe(2);
    }
    // A directory with a space and parentheses in its name: the same place in the file.
    const odd = join(dir, 'my (odd) dir');
    mkdirSync(odd, { recursive: true });
    const moved = join(odd, 'throws.ts');
    writeFileSync(moved, readFileSync(throws, 'utf8'));
    const there = spawnSync(
      'node',
      ['bin/mmspec.js', 'check', '--model', moved, '--bound', 'small', '--workers', '1'],
      { encoding: 'utf8' },
    );
    expect(there.stderr).toContain(
      `${moved}:${line}:${column}: error: decision mmapPopulates threw`,
    );
    const inProcess = await cli(['check', '--model', throws, '--bound', 'small']);
    expect(inProcess.stderr).toContain('decision mmapPopulates threw: boom');
    expect(inProcess.status).toBe(2);
    const run = spawnSync(
      'node',
      ['bin/mmspec.js', 'run', '--model', throws, join(dir, 'noprefault.mmt')],
      {
        encoding: 'utf8',
      },
    );
    expect(run.stdout).toContain(`${located[0] ?? ''}\n#   ${located[1] ?? ''}`);
    expect(run.status).toBe(2);
  });

  it('a decision that returns undefined is blamed on the file, at the override (exit 2)', async () => {
    // `as any` hides from the type check what the simulator would read as no flags at all.
    const undef = join(dir, 'returns-undefined.ts');
    writeFileSync(
      undef,
      readFileSync(file, 'utf8').replace(
        /mmapPopulates: \(ctx\) =>\n/,
        'mmapPopulates: (ctx) =>\n      (ctx.mapFlags & MAP_NOPREFAULT) !== 0 ? (undefined as any) :\n',
      ),
    );
    const located = at(
      undef,
      'mmapPopulates:',
      'decision mmapPopulates returned undefined: expected a value of its type for every input',
      'mmapPopulates',
    );
    for (const workers of ['1', '2']) {
      const argv = ['check', '--model', undef, '--bound', 'small', '--workers', workers];
      const r = spawnSync('node', ['bin/mmspec.js', ...argv], { encoding: 'utf8' });
      expect(r.stderr).toBe(`mmspec: ${located}\n`);
      expect(r.status).toBe(2);
    }
    const run = await cli(['run', '--model', undef, join(dir, 'noprefault.mmt')]);
    expect(run.stdout).toContain(located.split('\n')[0]);
    expect(run.status).toBe(2);
    // A decision that is no function, left undefined: refused at load, at the override.
    const unset = join(dir, 'unset.ts');
    writeFileSync(
      unset,
      readFileSync(file, 'utf8').replace(
        '  decisions: {\n',
        '  decisions: {\n    mapSharedValidateMask: undefined as any,\n',
      ),
    );
    const u = await cli(['run', '--model', unset, join(dir, 'noprefault.mmt')]);
    expect(u.stderr).toBe(
      `mmspec run: ${at(unset, 'mapSharedValidateMask:', 'decision mapSharedValidateMask is undefined: expected a value of its type', 'mapSharedValidateMask')}\n`,
    );
    expect(u.status).toBe(2);
  });

  it('refuses a flag at a value its family has, at the value, unless sameValueAs says it is meant', async () => {
    const source = readFileSync(file, 'utf8');
    const clash = join(dir, 'clash.ts');
    writeFileSync(
      clash,
      source.replace("value: 0x200000n, since: 'proposal'", "value: 0x2000n, since: 'proposal'"),
    );
    const r = await cli(['run', '--model', clash, join(dir, 'noprefault.mmt')]);
    expect(r.stderr).toBe(
      `mmspec run: ${at(clash, '0x2000n', "model 'map-prefault-none' adds MAP_NOPREFAULT = 0x2000, which is MAP_LOCKED's value: expected a value no MAP_ constant of linux-6.18 has, or sameValueAs: 'MAP_LOCKED' where the design takes that value on purpose")}\n`,
    );
    expect(r.status).toBe(2);
    const meant = join(dir, 'meant.ts');
    writeFileSync(
      meant,
      source.replace(
        "value: 0x200000n, since: 'proposal'",
        "value: 0x2000n, since: 'proposal', sameValueAs: 'MAP_LOCKED'",
      ),
    );
    const m = await cli(['run', '--model', meant, join(dir, 'plain.mmt')]);
    expect(m.stderr).toBe('');
    expect(m.status).toBe(0);
  });

  it('an exception while the file is evaluated is located where the file called what threw', () => {
    const base = join(dir, 'bad-base.ts');
    writeFileSync(
      base,
      readFileSync(file, 'utf8').replace("getModel('linux-6.18')", "getModel('linux-6.81')"),
    );
    // node's own source maps, as a user runs it (vitest maps the compiled module elsewhere).
    const r = spawnSync(
      'node',
      ['bin/mmspec.js', 'run', '--model', base, join(dir, 'noprefault.mmt')],
      { encoding: 'utf8' },
    );
    const [first, ...rest] = r.stderr.split('\n');
    expect(first).toMatch(
      new RegExp(
        `^mmspec run: ${base}:\\d+:\\d+: error: cannot load the model: unknown model 'linux-6.81'; did you mean 'linux-6.18'\\?`,
      ),
    );
    expect(rest.join('\n')).toBe(
      at(base, 'getModel(', 'x', 'getModel').split('\n').slice(1).join('\n') + '\n',
    );
    expect(r.status).toBe(2);
  });

  it("a counterexample of a model file says how to run it, and run's advice names no other design", async () => {
    // The user's own MAP_LOCKONFAULT, at another bit than proposal-map-lockonfault's.
    const own = join(dir, 'my-lockonfault.ts');
    writeFileSync(
      own,
      `import { extend, getModel, VM_LOCKED_MASK, withFlags } from 'mmspec';

const base = getModel('linux-6.18');
const MAP_LOCKONFAULT = 0x400000;

export default extend(base, {
  name: 'my-map-lockonfault',
  description: 'MAP_LOCKONFAULT (0x400000): mmap asks for VM_LOCKED|VM_LOCKONFAULT',
  provenance: 'test',
  constants: [{ name: 'MAP_LOCKONFAULT', value: 0x400000n, since: 'proposal' }],
  decisions: {
    mmapVmFlagBits: (mapFlags) => {
      const f = base.decisions.mmapVmFlagBits(mapFlags);
      return mapFlags & MAP_LOCKONFAULT ? withFlags(f, VM_LOCKED_MASK) : f;
    },
  },
});
`,
    );
    const c = await cli([
      ...['check', '--model', own, '--prop', 'mmapPostcondition'],
      ...['--bound', 'small', '--workers', '1', '--json'],
    ]);
    expect(c.status).toBe(1);
    const doc = JSON.parse(c.stdout) as { properties: { trace: string }[] };
    const trace = doc.properties[0]?.trace ?? '';
    expect(trace).toContain(
      `# my-map-lockonfault is the model file ${own}:\n# run the trace with \`mmspec run --model ${own}\`\n`,
    );
    expect(trace).toContain('\nmodel my-map-lockonfault\n');
    expect(trace).toContain('MAP_LOCKONFAULT');
    const mmt = join(dir, 'my-lockonfault.mmt');
    writeFileSync(mmt, trace);
    // As the header says: the counterexample fails on the file's model.
    const right = await cli(['run', '--model', own, mmt]);
    expect(right.stdout).toContain('1 failed');
    expect(right.status).toBe(1);
    // Without it, the directive's model is no registered one: the advice says to give the file,
    // and names proposal-map-lockonfault only as another design.
    const bare = await cli(['run', mmt]);
    expect(bare.status).toBe(2);
    expect(bare.stderr).toContain(
      "error: 'MAP_LOCKONFAULT' is not a constant of model my-map-lockonfault: it is a name proposal-map-lockonfault adds",
    );
    expect(bare.stderr).toContain(
      "expected the names of the trace's own model, which no registry knows (a model file's): run it with --model FILE, the file its header names; --model proposal-map-lockonfault runs another design, whose MAP_LOCKONFAULT may differ",
    );
  });
});
