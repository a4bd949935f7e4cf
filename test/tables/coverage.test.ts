import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

interface Branch {
  readonly branch: string;
  readonly errnos: readonly string[];
  readonly source: string;
  readonly runs: readonly string[];
}
interface CallJson {
  readonly call: string;
  readonly errnos: Record<string, readonly string[]>;
  readonly branches: readonly Branch[];
}

describe('mmspec coverage', () => {
  it('names the traces and cells that reach each error branch, and the branches nothing reaches', () => {
    const r = spawnSync('node', ['bin/mmspec.js', 'coverage', '--json'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { runs: number; calls: readonly CallJson[] };
    expect(doc.runs).toBeGreaterThan(800);
    const call = (name: string) => doc.calls.find((c) => c.call === name);
    // mlock2's flags check (mm/mlock.c: flags other than MLOCK_ONFAULT, now the mlock2LockBits
    // decision point) is reached by the table.
    const einval = call('mlock2')?.errnos.EINVAL ?? [];
    expect(einval.some((x) => x.startsWith('mmspec table mlock2-flags --trace'))).toBe(true);
    expect(call('mlockall')?.errnos.EPERM?.length).toBeGreaterThan(0);
    // tmpfile's EFBIG needs a file larger than 2^53 bytes: no trace makes one.
    expect(call('tmpfile')?.branches.find((b) => b.errnos.includes('EFBIG'))?.runs).toEqual([]);
  });
});
