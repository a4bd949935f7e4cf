// `--bound args=edge`: letters with the arguments the kernel refuses or rounds at the edges of
// its validation and arithmetic, for the families the bound names, only when asked; linux-6.18 keeps every property with them (the faults they
// catch: test/spec/invalidArgumentsRefused.test.ts).

import { describe, expect, it } from 'vitest';
import { kernelAlphabet } from '../../src/check/alphabet.js';
import { parseBound } from '../../src/check/parseBound.js';
import { DEFAULT_KERNEL_BOUND } from '../../src/check/kernelBounds.js';
import { describeLetter } from '../../src/check/describeLetter.js';
import { runCli } from '../runCli.js';

const EDGE = 'regions=1,pages=2,depth=2,calls=mmap+munmap+mlock+munlock,args=edge';

describe('--bound args=edge', () => {
  it('is off by default, and adds letters only for the families the bound names', () => {
    const plain = parseBound('regions=1,pages=2,calls=mmap+munmap', DEFAULT_KERNEL_BOUND);
    const edge = parseBound('regions=1,pages=2,calls=mmap+munmap,args=edge', DEFAULT_KERNEL_BOUND);
    expect(edge.edgeArguments).toBe(true);
    const extra = kernelAlphabet(edge).slice(kernelAlphabet(plain).length);
    // munmap: above TASK_SIZE, the last page below it, then unaligned, zero, past TASK_SIZE,
    // and the one that opens a hole for mprotect's letters; mmap: its refused arguments. No
    // letter of a family the bound lacks (mlock, mprotect, mremap, madvise).
    expect(new Set(extra.map((l) => l.call))).toEqual(new Set(['mmap', 'munmap']));
    expect(extra.filter((l) => l.call === 'munmap')).toHaveLength(6);
    const mmapOnly = parseBound('regions=1,pages=2,calls=mmap,args=edge', DEFAULT_KERNEL_BOUND);
    const plainMmap = parseBound('regions=1,pages=2,calls=mmap', DEFAULT_KERNEL_BOUND);
    const mmapExtra = kernelAlphabet(mmapOnly).slice(kernelAlphabet(plainMmap).length);
    expect(mmapExtra.filter((l) => l.call === 'mmap').length).toBeGreaterThan(20);
    expect(mmapExtra.every((l) => l.call === 'mmap')).toBe(true);
  });

  it('refuses another value', () => {
    expect(() => parseBound('args=all', DEFAULT_KERNEL_BOUND)).toThrow(/args takes 'edge'/);
  });

  it('names addresses and lengths as a trace writes them', () => {
    const b = parseBound(EDGE, DEFAULT_KERNEL_BOUND);
    const texts = kernelAlphabet(b).map((l) => describeLetter(l));
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/munmap\(0x800000000000, 1P\)/),
        expect.stringMatching(/munlock\(0xfffffffffffff000, 1P\)/),
        expect.stringMatching(/mlock\(a \+ 1P, -1P\)/),
      ]),
    );
  });

  it('linux-6.18 keeps every property with them', async () => {
    const r = await runCli(['check', '--bound', EDGE, '--workers', '1']);
    expect(r.stdout).toMatch(/invalidArgumentsRefused: holds/);
    expect(r.stdout).toMatch(/munmap EINVAL \d+/);
    expect(r.status).toBe(0);
  }, 120_000);
});
