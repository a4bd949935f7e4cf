// The draw and report commands as a user meets them: output, files, and misuse as exit 2.

import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as cli } from '../runCli.js';

describe('mmspec draw and mmspec report', () => {
  it('draws a litmus trace in the terminal', async () => {
    const r = await cli(['draw', 'spec/litmus/MAP_FIXED+locked.mmt']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('a |L|..|L|');
  });

  it('writes an SVG page with --format svg --out', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'mmspec-draw-')), 'd.html');
    const r = await cli(['draw', '--format', 'svg', '--out', out, 'spec/litmus/fork+mlock.mmt']);
    expect(r.status).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  it('refuses an unknown format and a missing trace with exit status 2', async () => {
    expect((await cli(['draw', '--format', 'png', 'spec/litmus/fork+mlock.mmt'])).status).toBe(2);
    const missing = await cli(['draw', 'no/such.mmt']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read the trace');
  });

  it('builds the report into a folder', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mmspec-report-cli-'));
    const r = await cli(['report', '--out', out]);
    expect(r.status).toBe(0);
    for (const page of ['index.html', 'models.html', 'check.html', 'litmus/index.html'])
      expect(existsSync(join(out, page))).toBe(true);
  }, 120_000);

  it('refuses an unknown bound with exit status 2', async () => {
    const r = await cli(['report', '--bound', 'nosuch', '--out', tmpdir()]);
    expect(r.status).toBe(2);
  });
});

describe('mmspec run --draw', () => {
  it('prints the run, then the drawing of the same run', async () => {
    const r = await cli(['run', '--draw', 'spec/litmus/MAP_FIXED+locked.mmt']);
    expect(r.status).toBe(0);
    expect(r.stdout.indexOf('a |L|..|L|')).toBeGreaterThan(r.stdout.indexOf('mmap('));
  });
});
