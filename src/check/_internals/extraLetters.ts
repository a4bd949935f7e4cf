// The letters a bound's extra flags add (KernelBound.extraFlags): each flag tried where the
// fixed alphabet (src/check/alphabet.ts) would never put it, so that a model whose decision
// reads MAP_NONBLOCK, or a proposal adding MAP_LOCKONFAULT, is explored with it.

import type { ExtraFlag, KernelBound } from '../kernelBound.js';
import { type ArgSpec, type Letter, at, int, pagesArg } from '../letter.js';

const RW = int(3, 'PROT_READ|PROT_WRITE');
const NO_FD = int(-1n & 0xffffffffffffffffn, '-1');
const ZERO = int(0);
const PRIVATE_ANON = 0x02 | 0x20;

/** MAP_ bits the fixed alphabet already combines, and the map-type field. */
const MAP_COVERED = 0x01 | 0x02 | 0x0f | 0x10 | 0x20 | 0x2000 | 0x8000;
/** MCL_ bits the fixed alphabet covers (every combination of these). */
const MCL_COVERED = 1 | 2 | 4;
/** MLOCK_ONFAULT and the invalid 0x2 are tried already. */
const MLOCK_COVERED = new Set([1, 2]);
/** MADV_POPULATE_WRITE and MADV_DONTNEED are tried already. */
const MADV_COVERED = new Set([23, 4]);

const family = (f: ExtraFlag) => /^(MAP|MCL|MLOCK|MADV)_/.exec(f.name)?.[1];

function mmapLetters(b: KernelBound, f: ExtraFlag): Letter[] {
  if ((f.value & MAP_COVERED) !== 0) return [];
  const len = pagesArg(b.pages);
  const anon = (extra: number, text: string): Letter => ({
    call: 'mmap',
    args: [{ kind: 'hint' }, len, RW, int(PRIVATE_ANON | f.value | extra, text), NO_FD, ZERO],
  });
  const base = `MAP_PRIVATE|MAP_ANONYMOUS|${f.text}`;
  const letters = [
    anon(0, base),
    anon(0x8000, `${base}|MAP_POPULATE`),
    anon(0x2000, `${base}|MAP_LOCKED`),
  ];
  if (b.filePages > 0)
    letters.push({
      call: 'mmap',
      args: [
        { kind: 'hint' },
        len,
        RW,
        int(0x01 | f.value, `MAP_SHARED|${f.text}`),
        { kind: 'fd' },
        ZERO,
      ],
    });
  return letters;
}

function mlockallLetters(f: ExtraFlag): Letter[] {
  if ((f.value & ~MCL_COVERED) === 0) return [];
  return [0, 1, 2, 3].map((others) => {
    const names = ['MCL_CURRENT', 'MCL_FUTURE'].filter((_, i) => others & (1 << i));
    return { call: 'mlockall', args: [int(f.value | others, [...names, f.text].join('|'))] };
  });
}

function regionLetters(b: KernelBound, f: ExtraFlag, k: number): Letter[] {
  const all = pagesArg(b.pages);
  const kind = family(f);
  if (kind === 'MLOCK' && !MLOCK_COVERED.has(f.value))
    return [{ call: 'mlock2', region: k, args: [at(0), all, int(f.value, f.text)] }];
  if (kind === 'MADV' && !MADV_COVERED.has(f.value))
    return [{ call: 'madvise', region: k, args: [at(0), all, int(f.value, f.text)] }];
  return [];
}

/** The extra letters of a bound, global ones first, then per region; no two alike. */
export function extraLetters(b: KernelBound): Letter[] {
  const seen = new Set<string>();
  const letters: Letter[] = [];
  const add = (l: Letter) => {
    const key = `${l.call}:${l.region ?? ''}:${l.args.map((a: ArgSpec) => (a.kind === 'int' ? a.value : a.kind)).join(',')}`;
    if (seen.has(key)) return;
    seen.add(key);
    letters.push(l);
  };
  const extras = b.extraFlags ?? [];
  for (const f of extras) {
    if (family(f) === 'MAP' && b.calls.includes('mmap')) mmapLetters(b, f).forEach(add);
    if (family(f) === 'MCL' && b.calls.includes('mlockall')) mlockallLetters(f).forEach(add);
  }
  for (let k = 0; k < b.regions; k++)
    for (const f of extras) {
      const kind = family(f);
      if (
        (kind === 'MLOCK' && b.calls.includes('mlock2')) ||
        (kind === 'MADV' && b.calls.includes('madvise'))
      )
        regionLetters(b, f, k).forEach(add);
    }
  return letters;
}
