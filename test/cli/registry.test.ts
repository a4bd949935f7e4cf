// One registry for every command: `run`, `check`, `diff`, `conform` and `spec` accept exactly
// the same model names (registered, planted, and a model file of the user's own) and refuse the
// same unknown one with exit status 2 (models/registry.ts).

import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as cli } from '../runCli.js';
import { listModels } from '../../models/registry.js';

const dir = mkdtempSync(join(tmpdir(), 'mmspec-registry-'));
const trace = join(dir, 'one.mmt');
writeFileSync(trace, 'a = mmap(NULL, 1P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n');

// A model file as a user writes one outside the repository: it extends a registered model.
const dist = new URL('../../dist/', import.meta.url).href;
const modelFile = join(dir, 'my-model.mjs');
writeFileSync(
  modelFile,
  `import { extend } from '${dist}src/kernel/model.js';
import { linux618 } from '${dist}models/linux-6.18.js';
export default extend(linux618, {
  name: 'my-model',
  description: 'linux-6.18 under another name',
  provenance: 'test/cli/registry.test.ts',
});
`,
);

const TINY = 'regions=1,pages=1,depth=1';
const COMMANDS: Record<string, (model: string) => string[]> = {
  run: (m) => ['run', '--model', m, trace],
  check: (m) => ['check', '--model', m, '--bound', TINY, '--workers', '1'],
  diff: (m) => ['diff', 'linux-6.18', m, '--bound', TINY, '--workers', '1'],
  conform: (m) => [
    'conform',
    '--model',
    m,
    '--reference',
    'linux-6.18',
    '--no-litmus',
    '--depth',
    '0',
    '--random',
    '1',
    '--seed',
    '1',
  ],
  spec: (m) => ['spec', '--model', m, '--bound', '1x1', '--depth', '0'],
};

const names = [...listModels().map((m) => m.name), modelFile];

describe('every command resolves models through the one registry', () => {
  it('lists the registered and the planted models', () => {
    const kinds = new Set(listModels().map((m) => m.kind));
    expect(kinds).toEqual(new Set(['registered', 'planted']));
  });

  for (const [command, argv] of Object.entries(COMMANDS)) {
    it.each(names)(`${command} accepts %s`, async (name) => {
      const r = await cli(argv(name));
      expect(r.stderr).not.toMatch(/unknown model|internal error|cannot load/);
      expect([0, 1]).toContain(r.status);
    });

    it(`${command} refuses an unknown model with exit status 2`, async () => {
      const r = await cli(argv('nosuch'));
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("unknown model 'nosuch'");
      expect(r.stderr).not.toContain('    at ');
    });
  }

  it('refuses a trace whose model directive names a file, and never loads that file', async () => {
    const marker = join(dir, 'ran');
    const evil = join(dir, 'evil.mjs');
    writeFileSync(
      evil,
      `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, 'x');`,
    );
    const t = join(dir, 'mailed.mmt');
    writeFileSync(
      t,
      `model ${evil}\na = mmap(NULL, 1P, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n`,
    );
    const r = await cli(['run', t]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("a trace's model directive names a model, not a file");
    expect(existsSync(marker)).toBe(false);
  });
});
