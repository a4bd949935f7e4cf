// The escapes of issue 18, as trace text: each must be refused before it runs (or contained).

const RW_ANON = 'PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS';

/** `inner(depth)` nested `levels` deep in fork blocks, after 16 MiB mapped and populated. */
function nestedForks(levels: number, inner: (depth: number) => string[]): string {
  const lines = [`a = mmap(NULL, 4096P, ${RW_ANON}|MAP_POPULATE, -1, 0)`];
  for (let d = 0; d < levels; d++) {
    const pad = '  '.repeat(d);
    lines.push(`${pad}fork {`, ...inner(d).map((l) => `${pad}  ${l}`));
  }
  for (let d = levels - 1; d >= 0; d--) lines.push(`${'  '.repeat(d)}}`);
  return `${lines.join('\n')}\n`;
}

/** 16 MiB populated, then five nested forks each calling mlockall(MCL_CURRENT). */
export const FORKS_MLOCKALL = nestedForks(5, () => ['mlockall(MCL_CURRENT)']);

/** The same five children, each making its own copy of the 16 MiB (copy-on-write). */
export const FORKS_COW = nestedForks(5, () => ['madvise(a, 4096P, MADV_POPULATE_WRITE)']);

/** Ten one-page MAP_GROWSDOWN mappings, each grown by a write 2000 pages below, then mlockall. */
export const GROWSDOWN_TEN = `${Array.from(
  { length: 10 },
  (_, i) => `g${i} = mmap(NULL, 1P, ${RW_ANON}|MAP_GROWSDOWN, -1, 0)\nwrite(g${i} - 2000P)`,
).join('\n')}\nmlockall(MCL_CURRENT)\n`;

/** `n` nested empty fork blocks. */
export function deepForks(n: number): string {
  return `${'fork {\n'.repeat(n)}${'}\n'.repeat(n)}`;
}
