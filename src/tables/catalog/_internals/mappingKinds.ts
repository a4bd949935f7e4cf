// The kinds of mapping the tables try, each as the statements that make one: anonymous or
// file-backed, private or shared, and a shared file mapping that reaches past the file's end.

import type { CellScript } from '../../cellScript.js';

export interface MappingKind {
  readonly label: string;
  /** Adds the statements that map `pages` pages at `name`; the mmap is the `mmap` probe. */
  map(s: CellScript, name: string, pages: number, prot: string, extra: string): CellScript;
}

function flagsOf(type: string, extra: string): string {
  return extra === '' ? type : `${type}|${extra}`;
}

const anon = (label: string, type: string): MappingKind => ({
  label,
  map: (s, name, pages, prot, extra) =>
    s.result(
      'mmap',
      `${name} = mmap(NULL, ${pages}P, ${prot}, ${flagsOf(`${type}|MAP_ANONYMOUS`, extra)}, -1, 0)`,
    ),
});

/** A file of `filePages` pages (fewer than the mapping: the rest lies past its end). */
const file = (label: string, type: string, filePages?: number): MappingKind => ({
  label,
  map: (s, name, pages, prot, extra) =>
    s
      .stmt(`f = tmpfile(${filePages ?? pages}P)`)
      .result('mmap', `${name} = mmap(NULL, ${pages}P, ${prot}, ${flagsOf(type, extra)}, f, 0)`),
});

export const PRIVATE_ANON = anon('private anon', 'MAP_PRIVATE');
export const SHARED_ANON = anon('shared anon', 'MAP_SHARED');
export const PRIVATE_FILE = file('private file', 'MAP_PRIVATE');
export const SHARED_FILE = file('shared file', 'MAP_SHARED');
/** Half the mapping lies past the end of the file. */
export const SHARED_FILE_PAST_EOF: MappingKind = {
  label: 'shared file, half past EOF',
  map: (s, name, pages, prot, extra) =>
    file('', 'MAP_SHARED', Math.max(1, Math.floor(pages / 2))).map(s, name, pages, prot, extra),
};

export const MAPPING_KINDS: readonly MappingKind[] = [
  PRIVATE_ANON,
  SHARED_ANON,
  PRIVATE_FILE,
  SHARED_FILE,
  SHARED_FILE_PAST_EOF,
];

/** The start states of def_flags the tables try, and the mlockall call that makes each. */
export const DEF_FLAGS_STARTS: readonly { readonly label: string; readonly call?: string }[] = [
  { label: 'none' },
  { label: 'lo', call: 'mlockall(MCL_FUTURE)' },
  { label: 'lo lf', call: 'mlockall(MCL_FUTURE|MCL_ONFAULT)' },
];

/** The lock states of an existing VMA the tables try, and the call that makes each. */
export const VMA_LOCK_STARTS: readonly { readonly label: string; readonly call?: string }[] = [
  { label: 'unlocked' },
  { label: 'lo (mlock)', call: 'mlock(a, 4P)' },
  { label: 'lo lf (mlock2 MLOCK_ONFAULT)', call: 'mlock2(a, 4P, MLOCK_ONFAULT)' },
];
