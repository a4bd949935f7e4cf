// What a law compares of an observation (spec/laws/law.ts): everything, the locking alone
// (which pages are mlocked, the lo and lf bits, VmLck) or the presence alone (which pages are
// there). The view keeps the observation's shape, so the checks of a difference
// (differenceTrace.ts:checksOf) state it: a page pattern with a class of letters where the
// law does not tell them apart, lock bits alone where only they count.

import type { LawCompare } from '../../spec/laws/index.js';
import type { Observation } from './observables.js';

/** The lock bits of VmFlags and def_flags. */
const LOCK_BITS: ReadonlySet<string> = new Set(['lo', 'lf']);

/** A page pattern's letters one a page: `L`, `.`, or a bracket of the outcomes allowed. */
const pagesOf = (letters: string): string[] => letters.match(/\[[^\]]*\]|./g) ?? [];

/** Each page as the law sees it, and as the review prints it (a mark per class). */
function pageView(letters: string, compare: 'locking' | 'presence') {
  const pattern: string[] = [];
  const shown: string[] = [];
  for (const page of pagesOf(letters)) {
    if (compare === 'locking') {
      // Mlocked, or not, or either (a munlock still in a batch): `[pL]` stays as it is.
      pattern.push(page === 'L' ? 'L' : page.includes('L') ? page : '[.zp]');
      shown.push(page === 'L' ? 'L' : page.includes('L') ? '[.L]' : '.');
    } else {
      pattern.push(page === '.' ? '.' : page.includes('.') ? page : '[zpL]');
      shown.push(page === '.' ? '.' : page.includes('.') ? '[.#]' : '#');
    }
  }
  return { pattern: pattern.join(''), shown: `"${shown.join('')}"` };
}

/** What of `o` a law comparing `compare` reads; null where it reads none of it. */
export function lawView(o: Observation, compare: LawCompare): Observation | null {
  if (compare === 'everything') return o;
  const seen = o.observed;
  if (seen.kind === 'pages') {
    const { pattern, shown } = pageView(seen.letters, compare);
    return { ...o, observed: { kind: 'pages', letters: pattern }, value: shown };
  }
  if (compare === 'presence') return null;
  if (seen.kind === 'vmflags' || seen.kind === 'def_flags') {
    const bits = (seen.mnemonics ?? []).filter((m) => LOCK_BITS.has(m));
    const value = bits.join(' ') || '(none)';
    return seen.kind === 'vmflags'
      ? { ...o, observed: { kind: 'vmflags', mnemonics: seen.mnemonics && bits }, value }
      : { ...o, observed: { kind: 'def_flags', mnemonics: bits }, value };
  }
  return seen.kind === 'VmLck' ? o : null;
}
