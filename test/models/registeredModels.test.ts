// The models of issue 11 (kernel eras and the proposals of the mailing-list threads): each
// says what it overrides, the names it adds work only on it, and the acceptance checks of the
// generic invariants find the two historical bugs in one step.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { REGISTERED, listModels } from '../../models/registry.js';

async function cli(argv: string[], files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(argv, {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    readFile: (p) => {
      const text = files[p];
      if (text === undefined)
        return Promise.reject(Object.assign(new Error(p), { code: 'ENOENT' }));
      return Promise.resolve(text);
    },
  });
  return { status, stdout: out.join(''), stderr: err.join('') };
}

const LOCKONFAULT_TRACE = `a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_LOCKONFAULT, -1, 0)
check pages(a, 4P) = "...."
check vmflags(a) has lo lf
write(a)
check pages(a, 4P) = "L..."
`;

describe('registered models', () => {
  it('every model but linux-6.18 names its base, what it overrides, and a provenance', () => {
    const names = REGISTERED.map((m) => m.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'linux-6.18',
        'linux-4.4',
        'linux-4.3',
        'linux-3.8',
        'rfc-lockonfault-v6',
        'proposal-map-lockonfault',
        'proposal-map-faultpopulate',
        'proposal-mlockall-two-onfault',
        'proposal-mlockall-symmetric',
        'rfc-madv-populate',
      ]),
    );
    for (const m of listModels().filter(
      (s) => s.kind === 'registered' && s.name !== 'linux-6.18',
    )) {
      expect(m.base, m.name).toBeDefined();
      expect(m.overrides.length, m.name).toBeGreaterThan(0);
      expect(m.provenance.length, m.name).toBeGreaterThan(20);
    }
  });

  it('mmspec models shows base and overrides', async () => {
    const r = await cli(['models']);
    expect(r.stdout).toContain('base linux-4.4; overrides populateGupFlags');
    expect(r.stdout).toContain('adds MAP_LOCKONFAULT');
  });

  it('a name a proposal adds runs on that proposal and is refused elsewhere with one message', async () => {
    const files = { 't.mmt': LOCKONFAULT_TRACE };
    const on = await cli(['run', '--model', 'proposal-map-lockonfault', 't.mmt'], files);
    expect(on.stdout).toContain('3 held, 0 failed');
    expect(on.status).toBe(0);
    const off = await cli(['run', 't.mmt'], files);
    expect(off.status).toBe(2);
    expect(off.stderr).toContain(
      "t.mmt:1:68: error: 'MAP_LOCKONFAULT' is not a constant of model linux-6.18: it is a name proposal-map-lockonfault adds",
    );
  });

  it('check --model rfc-lockonfault-v6 finds the MAP_POPULATE regression in one step', async () => {
    const r = await cli([
      ...['check', '--model', 'rfc-lockonfault-v6', '--prop', 'mapPopulateFaultsEverything'],
      ...['--workers', '1', '--json'],
    ]);
    // The regression is the patch's known verdict (models/expectedVerdicts.ts): listed, exit 0.
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      properties: { verdict: string; trace: string; expected?: string }[];
    };
    expect(doc.properties[0]?.verdict).toBe('violated');
    expect(doc.properties[0]?.expected).toMatch(/regression/);
    expect(doc.properties[0]?.trace).toMatch(/MAP_POPULATE, -1, 0\)\ncheck pages/);
  });

  it('linux-4.4 and older know only the advice up to MADV_DODUMP', async () => {
    // MADV_FREE is 4.5's, MADV_WIPEONFORK 4.14's, MADV_COLD 5.4's, the guard advice 6.13's.
    const trace = `a = mmap(NULL, 4P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
madvise(a, 4P, MADV_DONTDUMP) = 0
madvise(a, 4P, MADV_FREE) = -1 EINVAL
madvise(a, 4P, MADV_WIPEONFORK) = -1 EINVAL
madvise(a, 4P, MADV_COLD) = -1 EINVAL
madvise(a + 2P, 1P, MADV_GUARD_INSTALL) = -1 EINVAL
`;
    const files = { 'advice.mmt': trace };
    for (const model of ['linux-4.4', 'linux-4.3', 'linux-3.8'])
      expect((await cli(['run', '--model', model, 'advice.mmt'], files)).status, model).toBe(0);
    const now = await cli(['run', '--model', 'linux-6.18', 'advice.mmt'], files);
    expect(now.status).toBe(1);
    expect(now.stdout.match(/FAILED/g)).toHaveLength(4);
  });

  it('check --model linux-3.8 catches the def_flags clobber from a generic invariant', async () => {
    const r = await cli([
      ...['check', '--model', 'linux-3.8', '--bound', 'def-nohugepage', '--workers', '1'],
    ]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/mclFutureClearingConsistent: VIOLATED \(shortest 1 step,/);
    expect(r.stdout).toMatch(/munlockallRestores: VIOLATED \(shortest 1 step,/);
  });
});
